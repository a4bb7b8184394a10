// The web UI's frame: which page (/ui console, /ui/gis, /ui/fes), which namespace (?ns=), the admin
// token (kept in this tab's sessionStorage only) and the language.
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { Api, DEFAULT_NAMESPACE } from './api.js';
import { ConsolePage } from './console.js';
import { FesPage } from './fes.js';
import { GisPage } from './gis.js';
import { initialLang, saveLang, type Lang } from './i18n.js';
import { EnvContext, makeEnv, useEnv } from './widgets.js';

type Page = 'console' | 'gis' | 'fes';
const PAGES: Array<[Page, string]> = [['console', '/ui'], ['gis', '/ui/gis'], ['fes', '/ui/fes']];
const TOKEN_KEY = 'poligon.adminToken';

function pageOf(path: string): Page {
  const clean = path.replace(/\/$/, '');
  return PAGES.find(([, p]) => p === clean)?.[0] ?? 'console';
}

function namespaceFromUrl(): string {
  return new URLSearchParams(location.search).get('ns') || DEFAULT_NAMESPACE;
}

function hrefOf(path: string, namespace: string): string {
  return namespace === DEFAULT_NAMESPACE ? path : `${path}?ns=${encodeURIComponent(namespace)}`;
}

function NamespacePicker({ namespace, onChange }: { namespace: string; onChange: (ns: string) => void }) {
  const { api, t } = useEnv();
  const [known, setKnown] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  useEffect(() => {
    api.admin<{ namespaces: string[] }>('GET', '/namespaces').then((r) => setKnown(r.namespaces), () => setKnown([]));
  }, [api]);
  const options = [...new Set([DEFAULT_NAMESPACE, ...known, namespace])];
  return html`<form class="ns" onSubmit=${(e: Event) => { e.preventDefault(); if (typed.trim()) onChange(typed.trim()); setTyped(''); }}>
    <label for="ns-select">${t('ns.label')}</label>
    <select id="ns-select" value=${namespace} onChange=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      ${options.map((n) => html`<option value=${n}>${n}</option>`)}
    </select>
    <label for="ns-new" class="visually-hidden">${t('ns.new')}</label>
    <input id="ns-new" placeholder=${t('ns.new')} value=${typed} onInput=${(e: Event) => setTyped((e.target as HTMLInputElement).value)} pattern="[A-Za-z0-9._\\-]{1,64}" size="14" />
    <button type="submit">${t('ns.open')}</button>
  </form>`;
}

function TokenBox({ token, onChange }: { token: string; onChange: (t: string) => void }) {
  const { t } = useEnv();
  const [value, setValue] = useState(token);
  const box = useRef<HTMLDetailsElement>(null);
  const save = (next: string) => {
    onChange(next);
    if (box.current) box.current.open = false;
  };
  return html`<details class="token" ref=${box}>
    <summary>${t('token.label')}${token ? ' ✓' : ''}</summary>
    <form onSubmit=${(e: Event) => { e.preventDefault(); save(value); }}>
      <label for="admin-token">${t('token.label')}</label>
      <input id="admin-token" type="password" autocomplete="off" value=${value} aria-describedby="admin-token-hint" onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} />
      <small id="admin-token-hint" class="muted">${t('token.hint')}</small>
      <div class="row">
        <button type="submit">${t('token.save')}</button>
        <button type="button" onClick=${() => { setValue(''); save(''); }}>${t('token.clear')}</button>
      </div>
    </form>
  </details>`;
}

function App() {
  const [lang, setLang] = useState<Lang>(initialLang());
  const [namespace, setNamespace] = useState(namespaceFromUrl());
  const [token, setToken] = useState(sessionStorage.getItem(TOKEN_KEY) ?? '');
  const page = pageOf(location.pathname);
  const env = useMemo(() => makeEnv(new Api(namespace, token || undefined), lang), [namespace, token, lang]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${env.t(page === 'console' ? 'nav.console' : page === 'gis' ? 'nav.gis' : 'nav.fes')} · ${env.t('app.title')}${namespace === DEFAULT_NAMESPACE ? '' : ` · ${namespace}`}`;
  }, [lang, page, namespace]);
  useEffect(() => {
    const onPop = () => setNamespace(namespaceFromUrl());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const chooseNamespace = (ns: string) => {
    history.pushState(null, '', hrefOf(location.pathname, ns) + location.hash);
    setNamespace(ns);
  };
  const chooseToken = (value: string) => {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
    setToken(value);
  };
  const other: Lang = lang === 'ru' ? 'en' : 'ru';

  return html`<${EnvContext.Provider} value=${env}>
    <a class="skip" href="#main">${lang === 'ru' ? 'К содержимому' : 'Skip to content'}</a>
    <header class="top">
      <a class="brand" href=${hrefOf('/ui', namespace)}>${env.t('app.title')}</a>
      <nav aria-label=${env.t('nav.main')}>
        ${PAGES.map(([p, path]) => html`<a href=${hrefOf(path, namespace)} aria-current=${p === page ? 'page' : undefined}>${env.t(p === 'console' ? 'nav.console' : p === 'gis' ? 'nav.gis' : 'nav.fes')}</a>`)}
      </nav>
      <div class="tools">
        <${NamespacePicker} namespace=${namespace} onChange=${chooseNamespace} />
        <${TokenBox} token=${token} onChange=${chooseToken} />
        <button type="button" lang=${other} aria-label=${env.t('lang.switchLabel')} onClick=${() => { saveLang(other); setLang(other); }}>${env.t('lang.switch')}</button>
      </div>
    </header>
    <main id="main" key=${namespace}>
      ${page === 'console' && html`<${ConsolePage} />`}
      ${page === 'gis' && html`<${GisPage} />`}
      ${page === 'fes' && html`<${FesPage} />`}
    </main>
  <//>`;
}

render(html`<${App} />`, document.getElementById('app')!);
