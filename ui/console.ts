// The sandbox console (/ui): a namespace's state as tables, its virtual clock, faults, and the live
// request journal — all read and changed through the admin API (/__admin of the namespace).
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { call } from './api.js';
import { RunsPanel } from './runs.js';
import { copyText, ErrorBox, Field, formatDuration, formatTime, mask, StatusBadge, Table, TabPanel, Tabs, useAction, useConfirm, useEnv, useHashTab, useLoad } from './widgets.js';

type ConsoleTab = 'state' | 'journal' | 'clock' | 'runs';
const TAB_KEYS: ConsoleTab[] = ['state', 'journal', 'clock', 'runs'];

export function ConsolePage() {
  const { t } = useEnv();
  const [tab, select] = useHashTab(TAB_KEYS, 'state');
  return html`<section aria-labelledby="console-title">
    <h1 id="console-title">${t('console.title')}</h1>
    <${Tabs} label=${t('console.tabs')} idPrefix="console" current=${tab} onSelect=${select}
      tabs=${TAB_KEYS.map((k) => [k, t(`tab.${k}`)])} />
    <${TabPanel} idPrefix="console" current=${tab}>
      ${tab === 'state' && html`<${StatePanel} />`}
      ${tab === 'journal' && html`<${JournalPanel} />`}
      ${tab === 'clock' && html`<${ClockPanel} /><${FaultsPanel} />`}
      ${tab === 'runs' && html`<${RunsPanel} />`}
    <//>
  </section>`;
}

// --- state ------------------------------------------------------------------------------------------

type Dict = Record<string, any>;
const rubles = (kopecks: unknown) => (typeof kopecks === 'number' ? (kopecks / 100).toFixed(2) : '');
const POLL_MS = 2000;

/** Reloads every POLL_MS while the page is visible, so that the tables follow what clients do. */
function usePolling(reload: () => void, enabled = true) {
  useEffect(() => {
    if (!enabled) return undefined;
    const timer = setInterval(() => { if (document.visibilityState === 'visible') reload(); }, POLL_MS);
    return () => clearInterval(timer);
  }, [reload, enabled]);
}

/** The view is read again at least this often even when nothing seems to have changed (an import). */
const VIEW_MAX_AGE_MS = 30_000;

/** The namespace's state view (GET /__admin/view: schemas/admin/view.json and each simulator's part). */
interface StateView {
  now: string;
  simulators: { gis?: Dict; fes?: Dict; ecs?: Dict };
}

function StatePanel() {
  const { api, t, lang } = useEnv();
  const { data, error, reload } = useLoad(() => api.admin<StateView>('GET', '/view'), [api]);
  // Every 2 s a small probe (the journal's last entry, the clock); the view, which may be large, only
  // when a request came in or the clock moved, or once it is VIEW_MAX_AGE_MS old.
  const [now, setNow] = useState<number | undefined>(undefined);
  const seen = useRef<{ mark: string; at: number } | undefined>(undefined);
  const probe = useCallback(async () => {
    try {
      const [journal, clock] = await Promise.all([api.admin<{ lastSeq: number }>('GET', '/journal?limit=1'), api.admin<{ now: string; offsetMs: number }>('GET', '/clock')]);
      setNow(Date.parse(clock.now));
      const mark = `${journal.lastSeq}/${clock.offsetMs}`;
      if (seen.current && seen.current.mark === mark && Date.now() - seen.current.at < VIEW_MAX_AGE_MS) return;
      seen.current = { mark, at: Date.now() };
    } catch {
      // the reload says what went wrong
    }
    reload();
  }, [api, reload]);
  usePolling(probe);
  const { ask, dialog } = useConfirm();
  const reset = useAction(reload);
  const doReset = async (demo: boolean) => {
    if (await ask(t('state.resetConfirm', { ns: api.namespace }))) await reset.run(() => api.admin('POST', '/reset', { demo }));
  };

  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p>${t('common.loading')}</p>`;
  const { gis, fes, ecs } = data.simulators;
  const viewNow = Date.parse(data.now);
  // the view's time left (a basket's, an open ECS transaction's) was at its own now; the probe's clock has moved on since
  const shownNow = Math.max(now ?? viewNow, viewNow);
  const timeLeft = (row: Dict) => row.timeLeftMs - (shownNow - viewNow);

  return html`<div class="stack">
    <div class="row">
      <button type="button" onClick=${reload}>${t('common.refresh')}</button>
      <button type="button" class="danger" onClick=${() => doReset(true)}>${t('state.reset')}</button>
      <button type="button" class="danger" onClick=${() => doReset(false)}>${t('state.resetEmpty')}</button>
      <span class="muted">${t('clock.now')}: <strong>${formatTime(lang, new Date(shownNow).toISOString())}</strong> · ${t('state.masked')}</span>
    </div>
    <${ErrorBox} error=${reset.error} />
    ${!gis && !fes && !ecs && html`<p>${t('state.empty')}</p>`}
    ${gis && html`
      <${Table} caption=${t('state.gisMerchants')} rows=${gis.merchants} rowKey=${(m: Dict) => m.id} columns=${[
        { title: t('common.id'), cell: (m: Dict) => m.id },
        { title: t('common.name'), cell: (m: Dict) => m.name },
        { title: t('col.inn'), cell: (m: Dict) => m.inn },
        { title: t('col.brand'), cell: (m: Dict) => m.brand },
        { title: t('common.status'), cell: (m: Dict) => html`<${StatusBadge} code=${m.status} />${m.hidden ? ` (${t('gis.hidden')})` : ''}` },
      ]} />
      <${Table} caption=${t('state.gisPoints')} rows=${gis.points} rowKey=${(p: Dict) => p.id} columns=${[
        { title: t('common.id'), cell: (p: Dict) => p.id },
        { title: t('col.merchant'), cell: (p: Dict) => p.merchantId },
        { title: t('common.name'), cell: (p: Dict) => p.name },
        { title: t('common.status'), cell: (p: Dict) => html`<${StatusBadge} code=${p.status} />` },
        { title: t('gis.point.goods'), cell: (p: Dict) => p.goods },
        { title: t('gis.point.activeFromShown'), cell: (p: Dict) => formatTime(lang, p.activeFrom) },
      ]} />`}
    ${fes && html`
      <${Table} caption=${t('state.fesMerchants')} rows=${fes.merchants} rowKey=${(m: Dict) => m.id} columns=${[
        { title: t('common.id'), cell: (m: Dict) => m.id },
        { title: t('common.name'), cell: (m: Dict) => m.name },
        { title: t('common.status'), cell: (m: Dict) => m.status },
        { title: t('col.apiKey'), cell: (m: Dict) => html`<code>${mask(m.apiKey)}</code> ${m.apiKeyStatus}` },
        { title: t('fes.technicalContact'), cell: (m: Dict) => `${m.adminEmail} (${m.adminStatus})` },
      ]} />
      <${Table} caption=${t('state.fesPoints')} rows=${fes.points} rowKey=${(p: Dict) => p.id} columns=${[
        { title: t('common.id'), cell: (p: Dict) => p.id },
        { title: t('col.merchant'), cell: (p: Dict) => p.merchantId },
        { title: t('common.name'), cell: (p: Dict) => p.name },
        { title: t('col.address'), cell: (p: Dict) => p.address },
        { title: t('common.status'), cell: (p: Dict) => html`<${StatusBadge} code=${p.status} />` },
        { title: t('state.cashRegisters'), cell: (p: Dict) => p.cashRegisters },
      ]} />
      <${Table} caption=${t('state.cashRegisters')} rows=${fes.cashRegisters} rowKey=${(c: Dict) => c.id} columns=${[
        { title: t('common.id'), cell: (c: Dict) => c.id },
        { title: t('col.merchant'), cell: (c: Dict) => c.merchantId },
        { title: t('col.point'), cell: (c: Dict) => c.pointId },
        { title: t('col.vendor'), cell: (c: Dict) => c.vendor },
        { title: t('common.status'), cell: (c: Dict) => html`<${StatusBadge} code=${c.status} />` },
        { title: t('col.macKey'), cell: (c: Dict) => html`<code>${mask(c.macKey)}</code>` },
      ]} />
      <${Table} caption=${t('state.certificates')} rows=${fes.certificates} rowKey=${(c: Dict) => c.id} columns=${[
        { title: t('common.id'), cell: (c: Dict) => html`<code>${c.id}</code>` },
        { title: t('col.card'), cell: (c: Dict) => `••••${c.cardLast4}` },
        { title: t('col.truKinds'), cell: (c: Dict) => c.truKinds.join(', ') },
        { title: t('col.quantity'), cell: (c: Dict) => c.quantity },
        { title: t('col.used'), cell: (c: Dict) => c.used },
        { title: t('col.reserved'), cell: (c: Dict) => c.reserved },
        { title: t('col.left'), cell: (c: Dict) => c.left },
        { title: t('col.maxUnitPrice'), cell: (c: Dict) => rubles(c.maxUnitPrice) },
        { title: t('col.validTo'), cell: (c: Dict) => formatTime(lang, c.validTo) },
      ]} />
      <${Table} caption=${t('state.baskets')} rows=${fes.baskets} rowKey=${(b: Dict) => b.id} columns=${[
        { title: t('col.basket'), cell: (b: Dict) => html`<code>${b.id}</code>` },
        { title: t('col.kind'), cell: (b: Dict) => (b.kind === 'purchase' ? (lang === 'ru' ? 'покупка' : 'purchase') : (lang === 'ru' ? 'возврат' : 'return')) + (b.productionTest ? (lang === 'ru' ? ', тест' : ', test') : '') },
        { title: t('state.cashRegisters'), cell: (b: Dict) => b.cashRegisterId },
        { title: t('col.amount'), cell: (b: Dict) => rubles(b.totalCertAmount) },
        { title: t('col.timeLeft'), cell: (b: Dict) => (timeLeft(b) > 0 ? formatDuration(lang, timeLeft(b)) : html`<span class="badge badge-expired">${t('col.expired')}</span>`) },
      ]} />`}
    ${ecs && html`
      <${Table} caption=${t('state.ecsOrganizations')} rows=${ecs.organizations} rowKey=${(o: Dict) => String(o.id)} columns=${[
        { title: t('common.id'), cell: (o: Dict) => o.id },
        { title: t('common.name'), cell: (o: Dict) => o.shortName },
        { title: t('col.connectionType'), cell: (o: Dict) => o.connectionType ?? '—' },
        { title: t('col.clientId'), cell: (o: Dict) => o.clientId ?? '—' },
        { title: t('common.status'), cell: (o: Dict) => o.status },
      ]} />
      <${Table} caption=${t('state.ecsTransactions')} rows=${ecs.transactions} rowKey=${(x: Dict) => String(x.id)} columns=${[
        { title: t('common.id'), cell: (x: Dict) => x.id },
        { title: t('common.status'), cell: (x: Dict) => x.status },
        { title: t('col.organization'), cell: (x: Dict) => x.organization },
        { title: t('col.service'), cell: (x: Dict) => x.service },
        { title: t('col.created'), cell: (x: Dict) => formatTime(lang, x.createdAt) },
        { title: t('col.price'), cell: (x: Dict) => x.discountedPrice ?? '' },
        { title: t('col.timeLeft'), cell: (x: Dict) => (x.timeLeftMs === null ? '' : timeLeft(x) > 0 ? formatDuration(lang, timeLeft(x)) : html`<span class="badge badge-expired">${t('col.expired')}</span>`) },
      ]} />`}
    ${dialog}
  </div>`;
}

// --- clock and faults ---------------------------------------------------------------------------------

const ADVANCES = ['1m', '30m', '1h', '1d'];

function ClockPanel() {
  const { api, t, lang } = useEnv();
  const { data, error, reload } = useLoad(() => api.admin<{ now: string; offsetMs: number }>('GET', '/clock'), [api]);
  const advance = useAction(reload);
  const [custom, setCustom] = useState('');
  const by = (duration: string) => advance.run(() => api.admin('POST', '/clock', { advance: duration }));
  return html`<section class="card" aria-labelledby="clock-title">
    <h2 id="clock-title">${t('clock.title')}</h2>
    <${ErrorBox} error=${error ?? advance.error} />
    ${data && html`<dl class="facts">
      <dt>${t('clock.now')}</dt><dd><output id="clock-now">${formatTime(lang, data.now)}</output></dd>
      <dt>${t('clock.offset')}</dt><dd>${formatDuration(lang, data.offsetMs)}</dd>
    </dl>`}
    <div class="row">
      ${ADVANCES.map((d) => html`<button type="button" disabled=${advance.busy} onClick=${() => by(d)}>+${d}</button>`)}
    </div>
    <form class="row" onSubmit=${(e: Event) => { e.preventDefault(); if (custom.trim()) void by(custom.trim()); }}>
      <${Field} id="clock-custom" label=${t('clock.custom')}>
        <input id="clock-custom" value=${custom} onInput=${(e: Event) => setCustom((e.target as HTMLInputElement).value)} required />
      <//>
      <button type="submit" disabled=${advance.busy}>${t('clock.advanceBy')}</button>
    </form>
  </section>`;
}

/** Every operation a fault can name, read from the simulators' OpenAPI documents. */
function useOperations() {
  const { api } = useEnv();
  return useLoad(async () => {
    const index = await call<{ simulators: Array<{ name: string; openapi: string }> }>('/');
    const docs = await Promise.all(index.simulators.map((s) => call<Dict>(s.openapi).then((doc) => ({ name: s.name, doc }))));
    return docs.flatMap(({ name, doc }) => [`${name}.*`, ...Object.values(doc.paths ?? {}).flatMap((item: any) =>
      Object.values(item).map((op: any) => op?.operationId).filter(Boolean).map((id: string) => `${name}.${id}`))]);
  }, [api]);
}

function FaultsPanel() {
  const { api, t } = useEnv();
  const { data, error, reload } = useLoad(() => api.admin<{ faults: Dict[] }>('GET', '/faults'), [api]);
  usePolling(reload); // a fault for N requests wears off as clients call
  const operations = useOperations();
  const catalogue = useLoad(() => api.admin<{ errors: Array<{ code: string; status: number; message?: string }> }>('GET', '/errors'), [api]);
  const action = useAction(reload);
  const [form, setForm] = useState({ operation: '*', kind: 'error', latencyMs: '1000', errorCode: '', status: '', times: '1', probability: '' });
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const add = (e: Event) => {
    e.preventDefault();
    const body: Dict = { operation: form.operation, kind: form.kind };
    if (form.kind === 'latency') body.latencyMs = Number(form.latencyMs);
    if (form.kind === 'error' && form.errorCode) body.errorCode = form.errorCode;
    if ((form.kind === 'error' || form.kind === 'html') && form.status) body.status = Number(form.status);
    if (form.times) body.times = Number(form.times);
    if (form.probability) body.probability = Number(form.probability);
    void action.run(() => api.admin('POST', '/faults', body));
  };
  return html`<section class="card" aria-labelledby="faults-title">
    <h2 id="faults-title">${t('faults.title')}</h2>
    <${ErrorBox} error=${error ?? action.error} />
    <form class="grid-form" onSubmit=${add}>
      <${Field} id="fault-operation" label=${t('faults.operation')}>
        <select id="fault-operation" value=${form.operation} onChange=${set('operation')}>
          <option value="*">* (${t('common.all')})</option>
          ${(operations.data ?? []).map((o) => html`<option value=${o}>${o}</option>`)}
        </select>
      <//>
      <${Field} id="fault-kind" label=${t('faults.kind')}>
        <select id="fault-kind" value=${form.kind} onChange=${set('kind')}>
          ${['error', 'latency', 'html', 'drop'].map((k) => html`<option value=${k}>${t(`faults.kind.${k}` as any)}</option>`)}
        </select>
      <//>
      ${form.kind === 'latency' && html`<${Field} id="fault-latency" label=${t('faults.latencyMs')}>
        <input id="fault-latency" type="number" min="0" max="600000" value=${form.latencyMs} onInput=${set('latencyMs')} required />
      <//>`}
      ${form.kind === 'error' && html`<${Field} id="fault-code" label=${t('faults.errorCode')}>
        <select id="fault-code" value=${form.errorCode} onChange=${set('errorCode')}>
          <option value="">—</option>
          ${(catalogue.data?.errors ?? []).map((e) => html`<option value=${e.code}>${e.code} (${e.status})</option>`)}
        </select>
      <//>`}
      ${(form.kind === 'error' || form.kind === 'html') && html`<${Field} id="fault-status" label=${t('faults.status')}>
        <input id="fault-status" type="number" min="100" max="599" value=${form.status} onInput=${set('status')} />
      <//>`}
      <${Field} id="fault-times" label=${t('faults.times')}>
        <input id="fault-times" type="number" min="1" value=${form.times} onInput=${set('times')} />
      <//>
      <${Field} id="fault-probability" label=${t('faults.probability')}>
        <input id="fault-probability" type="number" min="0" max="1" step="0.01" value=${form.probability} onInput=${set('probability')} />
      <//>
      <div class="row"><button type="submit" disabled=${action.busy}>${t('faults.add')}</button></div>
    </form>
    <${Table} caption=${t('faults.title')} rows=${data?.faults ?? []} rowKey=${(f: Dict) => f.id} empty=${t('faults.none')} columns=${[
      { title: t('common.id'), cell: (f: Dict) => f.id },
      { title: t('faults.operation'), cell: (f: Dict) => f.operation },
      { title: t('faults.kind'), cell: (f: Dict) => t(`faults.kind.${f.kind}` as any) },
      { title: t('common.status'), cell: (f: Dict) => [f.errorCode, f.status, f.latencyMs !== undefined ? `${f.latencyMs} ms` : ''].filter(Boolean).join(' · ') },
      { title: t('faults.times'), cell: (f: Dict) => [f.remaining ?? f.times ?? '∞', f.probability].filter((x) => x !== undefined).join(' · ') },
      { title: t('common.actions'), cell: (f: Dict) => html`<button type="button" onClick=${() => action.run(() => api.admin('DELETE', `/faults/${encodeURIComponent(f.id)}`))}>${t('faults.remove')}</button>` },
    ]} />
    ${(data?.faults ?? []).length > 0 && html`<button type="button" onClick=${() => action.run(() => api.admin('DELETE', '/faults'))}>${t('faults.clear')}</button>`}
  </section>`;
}

// --- journal ------------------------------------------------------------------------------------------

interface Entry {
  seq: number;
  time: string;
  virtualTime: string;
  simulator: string;
  operation?: string;
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  status: number;
  durationMs: number;
  errorCode?: string;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
}

const KEPT = 300;
const LONG_POLL_MS = 20_000;
const SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'user-agent', 'accept-language', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-dest', 'origin', 'referer', 'x-poligon-namespace']);

function bodyText(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
}

/** The request again, as a curl command line (masked values stay masked: put the real key in). */
export function curlOf(entry: Entry, origin: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(entry.query ?? {})) for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const parts = [`curl -X ${entry.method} ${quote(`${origin}${entry.path}${q.size ? `?${q}` : ''}`)}`];
  for (const [k, v] of Object.entries(entry.requestHeaders ?? {})) if (!SKIPPED_HEADERS.has(k.toLowerCase())) parts.push(`-H ${quote(`${k}: ${v}`)}`);
  const body = entry.requestBody === undefined || entry.requestBody === '' ? '' : typeof entry.requestBody === 'string' ? entry.requestBody : JSON.stringify(entry.requestBody);
  if (body) parts.push(`--data-raw ${quote(body)}`);
  return parts.join(' \\\n  ');
}

function JournalEntryView({ entry }: { entry: Entry }) {
  const { t, lang } = useEnv();
  const [copied, setCopied] = useState(false);
  const failed = entry.status >= 400;
  return html`<li class=${failed ? 'failed' : ''}>
    <details>
      <summary>
        <span class="seq">#${entry.seq}</span>
        <span class=${`badge ${failed ? 'badge-blocked' : 'badge-active'}`}>${entry.status}</span>
        <code>${entry.method} ${entry.path}</code>
        <span class="muted">${entry.operation ?? entry.simulator} · ${formatTime(lang, entry.virtualTime)} · ${entry.durationMs} ms${entry.errorCode ? ` · ${entry.errorCode}` : ''}</span>
      </summary>
      <div class="entry">
        <div>
          <h3>${t('journal.request')}</h3>
          <pre>${Object.entries(entry.requestHeaders ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
          ${bodyText(entry.requestBody) && html`<pre>${bodyText(entry.requestBody)}</pre>`}
        </div>
        <div>
          <h3>${t('journal.response')}</h3>
          <pre>${Object.entries(entry.responseHeaders ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
          ${bodyText(entry.responseBody) && html`<pre>${bodyText(entry.responseBody)}</pre>`}
        </div>
        <div class="row">
          <button type="button" onClick=${async () => { await copyText(curlOf(entry, location.origin)); setCopied(true); }}>${t('journal.curl')}</button>
          ${copied && html`<span role="status">${t('common.copied')}</span>`}
        </div>
      </div>
    </details>
  </li>`;
}

function JournalPanel() {
  const { api, t } = useEnv();
  const [filter, setFilter] = useState({ simulator: '', operation: '', status: '', errorsOnly: false });
  const [live, setLive] = useState(true);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const lastSeq = useRef(0);
  const clear = useAction(() => { setEntries([]); });
  const query = useMemo(() => {
    const q = new URLSearchParams();
    if (filter.simulator) q.set('simulator', filter.simulator);
    if (filter.operation.trim()) q.set('operation', filter.operation.trim());
    if (/^\d{3}$/.test(filter.status)) q.set('status', filter.status);
    if (filter.errorsOnly) q.set('errorsOnly', 'true');
    return q;
  }, [filter]);
  const sims = useLoad(() => call<{ simulators: Array<{ name: string }> }>('/'), []);

  useEffect(() => {
    let stopped = false;
    // A filter change starts a new loop: the old one's pending long poll is ended, not left holding one
    // of the browser's six connections to the sandbox for its 20 s (the new filter's list queued behind).
    const calls = new AbortController();
    const list = async (extra: Record<string, string>) => {
      const q = new URLSearchParams(query);
      for (const [k, v] of Object.entries(extra)) q.set(k, v);
      return api.admin<{ entries: Entry[]; lastSeq: number; timedOut?: boolean }>('GET', `/journal?${q}`, undefined, calls.signal);
    };
    const loop = async () => {
      try {
        const first = await list({ limit: String(KEPT) });
        if (stopped) return;
        setEntries(first.entries.slice().reverse());
        lastSeq.current = first.lastSeq;
        setError(undefined);
        while (!stopped && live) {
          // long poll: answers as soon as one matching entry arrives, then every new one is read
          const woke = await list({ afterSeq: String(lastSeq.current), waitMs: String(LONG_POLL_MS) });
          if (stopped) return;
          if (woke.timedOut) { lastSeq.current = Math.max(lastSeq.current, woke.lastSeq); continue; }
          const fresh = await list({ afterSeq: String(lastSeq.current) });
          if (stopped) return;
          lastSeq.current = fresh.lastSeq;
          if (fresh.entries.length) setEntries((old) => [...fresh.entries.slice().reverse(), ...old].slice(0, KEPT));
        }
      } catch (e) {
        if (!stopped) setError(e);
      }
    };
    void loop();
    return () => { stopped = true; calls.abort(); };
  }, [api, query, live]);

  const set = (k: 'simulator' | 'operation' | 'status') => (e: Event) => setFilter({ ...filter, [k]: (e.target as HTMLInputElement).value });
  return html`<section aria-labelledby="journal-title">
    <h2 id="journal-title">${t('journal.title')}</h2>
    <p class="muted">${t('journal.masked')}</p>
    <form class="grid-form" onSubmit=${(e: Event) => e.preventDefault()}>
      <${Field} id="journal-simulator" label=${t('journal.simulator')}>
        <select id="journal-simulator" value=${filter.simulator} onChange=${set('simulator')}>
          <option value="">${t('common.all')}</option>
          ${(sims.data?.simulators ?? []).map((s) => html`<option value=${s.name}>${s.name}</option>`)}
        </select>
      <//>
      <${Field} id="journal-operation" label=${t('journal.operation')}>
        <input id="journal-operation" value=${filter.operation} onChange=${set('operation')} placeholder="fes.echo" />
      <//>
      <${Field} id="journal-status" label=${t('journal.status')}>
        <input id="journal-status" value=${filter.status} onChange=${set('status')} inputmode="numeric" pattern="\\d{3}" placeholder="409" />
      <//>
      <div class="field checkbox">
        <input id="journal-errors" type="checkbox" checked=${filter.errorsOnly} onChange=${(e: Event) => setFilter({ ...filter, errorsOnly: (e.target as HTMLInputElement).checked })} />
        <label for="journal-errors">${t('journal.errorsOnly')}</label>
      </div>
      <div class="field checkbox">
        <input id="journal-live" type="checkbox" checked=${live} onChange=${(e: Event) => setLive((e.target as HTMLInputElement).checked)} />
        <label for="journal-live">${t('journal.live')}</label>
      </div>
      <div class="row">
        <button type="button" class="danger" onClick=${() => clear.run(() => api.admin('DELETE', '/journal'))}>${t('journal.clear')}</button>
      </div>
    </form>
    <${ErrorBox} error=${error ?? clear.error} />
    <p class="muted" aria-live="polite">${t('journal.count', { n: entries.length })}</p>
    ${entries.length === 0 ? html`<p>${t('journal.empty')}</p>` : html`<ol class="journal" aria-label=${t('journal.title')}>${entries.map((e) => html`<${JournalEntryView} key=${e.seq} entry=${e} />`)}</ol>`}
  </section>`;
}
