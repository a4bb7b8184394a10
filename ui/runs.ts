// The console's «Прогоны» tab: start scenario packs against this sandbox, watch their cases and the
// operator's instructions as they come, stop a run, open its HTML report (the runs API, src/ui/runs.ts).
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { call, DEFAULT_NAMESPACE } from './api.js';
import { ErrorBox, formatTime, StatusBadge, Table, useAction, useEnv, useLoad, type Env } from './widgets.js';

type Dict = Record<string, any>;
const RUNS = '/ui/api';
const POLL_MS = 1000;

/** The console's journal of a case's namespace. */
const journalOf = (namespace: string) => `/ui${namespace === DEFAULT_NAMESPACE ? '' : `?ns=${encodeURIComponent(namespace)}`}#journal`;

/**
 * A case's namespace, a link to its journal; a case that ended without starting (skipped as not
 * chosen, observe mode skipped, a pack's skip, interrupted before its turn) made none, and says so.
 */
function namespaceCell(c: Dict, t: Env['t']) {
  if (c.namespace) return html`<a href=${journalOf(c.namespace)}>${c.namespace}</a>`;
  return c.verdict && c.verdict !== 'running' ? html`<span class="muted">${t('runs.notStarted')}</span>` : '';
}

export function RunsPanel() {
  const { api, t, lang } = useEnv();
  const bearer = api.adminToken;
  const packs = useLoad(() => call(`${RUNS}/packs`, { bearer }), [bearer]);
  const runs = useLoad(() => call(`${RUNS}/runs`, { bearer }), [bearer]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [skipObserve, setSkipObserve] = useState(false);
  const [reference, setReference] = useState(false);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const start = useAction(runs.reload);
  const stop = useAction(runs.reload);
  const list: Dict[] = runs.data?.runs ?? [];
  const running = list.some((r) => r.status === 'running');
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(runs.reload, POLL_MS);
    return () => clearInterval(timer);
  }, [running]);
  const run = list.find((r) => r.id === selected) ?? list[0];

  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await start.run(() => call(`${RUNS}/runs`, { method: 'POST', body: { packs: chosen, lang, skipObserve, ...(reference && !skipObserve ? { driver: 'reference' } : {}) }, bearer }));
    if (r) setSelected(r.id);
  };
  return html`<div>
    <form class="card" aria-labelledby="runs-start" onSubmit=${submit}>
      <h2 id="runs-start">${t('runs.start')}</h2>
      <fieldset class="packs">
        <legend>${t('runs.packs')}</legend>
        ${(packs.data?.packs ?? []).map((p: Dict) => html`<div class="field checkbox" key=${p.id}>
          <input id=${`pack-${p.id}`} type="checkbox" checked=${chosen.includes(p.id)} onChange=${(e: Event) => setChosen((e.target as HTMLInputElement).checked ? [...chosen, p.id] : chosen.filter((c) => c !== p.id))} />
          <label for=${`pack-${p.id}`}><code>${p.id}</code> ${p.title} <span class="muted">(${t('runs.cases', { n: p.cases })})</span></label>
        </div>`)}
      </fieldset>
      <div class="field checkbox">
        <input id="runs-skip-observe" type="checkbox" checked=${skipObserve} onChange=${(e: Event) => setSkipObserve((e.target as HTMLInputElement).checked)} />
        <label for="runs-skip-observe">${t('runs.skipObserve')}</label>
      </div>
      <div class="field checkbox">
        <input id="runs-reference" type="checkbox" checked=${reference} disabled=${skipObserve} onChange=${(e: Event) => setReference((e.target as HTMLInputElement).checked)} />
        <label for="runs-reference">${t('runs.reference')}</label>
      </div>
      <${ErrorBox} error=${start.error ?? packs.error} />
      <button type="submit" disabled=${chosen.length === 0 || start.busy}>${t('runs.go')}</button>
    </form>
    <${Table} caption=${t('runs.list')} rows=${list} rowKey=${(r: Dict) => r.id} columns=${[
      { title: t('common.id'), cell: (r: Dict) => html`<button type="button" class="link" aria-pressed=${run?.id === r.id} onClick=${() => setSelected(r.id)}>${r.id}</button>` },
      { title: t('runs.packs'), cell: (r: Dict) => r.packs.join(', ') },
      { title: t('col.created'), cell: (r: Dict) => formatTime(lang, r.startedAt) },
      { title: t('common.status'), cell: (r: Dict) => html`<${StatusBadge} prefix="run" code=${r.verdict ?? r.status} />` },
    ]} />
    ${run && html`<section class="card" aria-labelledby="run-title">
      <h2 id="run-title">${t('runs.run')} ${run.id} <${StatusBadge} prefix="run" code=${run.verdict ?? run.status} /></h2>
      <div class="row">
        ${run.status === 'running' && html`<button type="button" class="danger" onClick=${() => stop.run(() => call(`${RUNS}/runs/${encodeURIComponent(run.id)}/stop`, { method: 'POST', bearer }))}>${t('runs.stop')}</button>`}
        ${run.reportHtml && html`<a href=${run.reportHtml} target="_blank" rel="noopener">${t('runs.report')}</a>`}
      </div>
      <p class="muted" id="run-driver">${t('runs.driver')}: ${t(run.driver === 'reference' ? 'runs.driver.reference' : 'runs.driver.console')}</p>
      ${run.error && html`<p class="error" role="alert">${run.error}</p>`}
      <${ErrorBox} error=${stop.error} />
      ${run.instructions.length > 0 && html`<h3>${t('runs.instructions')}</h3>
        <ol class="instructions" aria-live="polite">${run.instructions.map((i: Dict) => html`<li><span class="muted">${i.pack}/${i.case} · ${formatTime(lang, i.at)}</span><pre>${i.text}</pre></li>`)}</ol>`}
      <p class="muted">${t('runs.namespaceHint')}</p>
      <${Table} caption=${t('runs.caseList')} rows=${run.cases} rowKey=${(c: Dict) => `${c.pack}/${c.id}`} columns=${[
        { title: t('runs.pack'), cell: (c: Dict) => c.pack },
        { title: t('runs.case'), cell: (c: Dict) => html`<code>${c.id}</code> ${c.title}` },
        { title: t('runs.namespace'), cell: (c: Dict) => namespaceCell(c, t) },
        { title: t('runs.verdict'), cell: (c: Dict) => (c.verdict ? html`<${StatusBadge} prefix="run" code=${c.verdict} />` : html`<span class="muted">${t('runs.waiting')}</span>`) },
        { title: t('runs.reason'), cell: (c: Dict) => c.reason ?? '' },
      ]} />
    </section>`}
  </div>`;
}
