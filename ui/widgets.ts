// Small building blocks shared by the console and the cabinets: the environment every screen reads
// (namespace, token, language), tables, forms, confirmations, error boxes and masking.
import { createContext, h, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { Api, ApiError } from './api.js';
import { labelOf, translate, type Lang, type TextKey } from './i18n.js';

export interface Env {
  api: Api;
  lang: Lang;
  t: (key: TextKey, vars?: Record<string, string | number>) => string;
  /** A status code's Russian (or English) label. */
  label: (prefix: string, code: string | undefined) => string;
}

export function makeEnv(api: Api, lang: Lang): Env {
  return { api, lang, t: (key, vars) => translate(lang, key, vars), label: (prefix, code) => labelOf(lang, prefix, code) };
}

export const EnvContext = createContext<Env>(undefined as unknown as Env);
export const useEnv = (): Env => useContext(EnvContext);

/** Keys, secrets and personal data as the UI shows them unless the user asks: the last four characters. */
export function mask(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text.length <= 4 ? '••••' : `••••${text.slice(-4)}`;
}

export function formatTime(lang: Lang, iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: 'Europe/Moscow', dateStyle: 'short', timeStyle: 'medium' }) + (lang === 'ru' ? ' МСК' : ' MSK');
}

export function formatDuration(lang: Lang, ms: number): string {
  const negative = ms < 0;
  let s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hh = Math.floor(s / 3600); s -= hh * 3600;
  const mm = Math.floor(s / 60); s -= mm * 60;
  const units = lang === 'ru' ? ['д', 'ч', 'мин', 'с'] : ['d', 'h', 'min', 's'];
  const parts = [d, hh, mm, s].map((v, i) => (v ? `${v} ${units[i]}` : '')).filter(Boolean);
  return (negative ? '−' : '') + (parts.join(' ') || `0 ${units[3]}`);
}

export function StatusBadge({ prefix = 'status', code }: { prefix?: string; code: string | undefined }) {
  const { label } = useEnv();
  return html`<span class=${`badge badge-${(code ?? '').toLowerCase()}`}>${label(prefix, code)}</span>`;
}

/** A refusal in words, with the details the faked system gave (missing preconditions, schema problems). */
export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useEnv();
  if (!error) return null;
  const e = error as ApiError;
  const body = e.body as any;
  const missing: Array<{ precondition: string; message: string }> = body?.error?.missing ?? [];
  const problems: Array<{ pointer: string; message: string }> = body?.error?.problems ?? body?.errors ?? [];
  return html`<div class="error" role="alert">
    <strong>${t('common.error')}${e.status ? ` ${e.status}` : ''}${e.systemCode ? ` · ${e.systemCode}` : ''}${e.code ? ` · ${e.code}` : ''}:</strong> ${e.message ?? String(error)}
    ${missing.length > 0 && html`<ul>${missing.map((m) => html`<li>${m.message}</li>`)}</ul>`}
    ${missing.length === 0 && problems.length > 0 && html`<ul>${problems.map((p) => html`<li><code>${p.pointer}</code> ${p.message}</li>`)}</ul>`}
  </div>`;
}

export interface Column<T> {
  title: string;
  cell: (row: T) => ComponentChildren;
}

export function Table<T>({ caption, columns, rows, rowKey, empty }: { caption: string; columns: Array<Column<T>>; rows: T[]; rowKey: (row: T) => string; empty?: string }) {
  const { t } = useEnv();
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}>
    <table>
      <caption>${caption}</caption>
      <thead><tr>${columns.map((c) => html`<th scope="col">${c.title}</th>`)}</tr></thead>
      <tbody>
        ${rows.length === 0
          ? html`<tr><td colspan=${columns.length} class="muted">${empty ?? t('common.none')}</td></tr>`
          : rows.map((r) => html`<tr key=${rowKey(r)}>${columns.map((c) => html`<td data-title=${c.title}>${c.cell(r)}</td>`)}</tr>`)}
      </tbody>
    </table>
  </div>`;
}

/** A labelled input; `id` ties the label to the control. */
export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ComponentChildren }) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${children}
    ${hint && html`<small id=${`${id}-hint`} class="muted">${hint}</small>`}
  </div>`;
}

/**
 * Runs an action, keeps its error, and reports when it is busy: every button of the cabinets goes
 * through it so that a refusal is shown where the user clicked.
 */
export function useAction(after?: () => void) {
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await action();
      after?.();
      return result;
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, [after]);
  return { error, busy, run, setError };
}

/** Loads data and reloads it on demand or when `deps` change. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    load().then((d) => { if (live) { setData(d); setError(undefined); } }, (e) => { if (live) setError(e); });
    return () => { live = false; };
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload };
}

/**
 * A confirmation in a modal <dialog> (keyboard: focus moves in, Escape cancels). `ask(text)` resolves
 * true when the user confirms.
 */
export function useConfirm() {
  const { t } = useEnv();
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const resolver = useRef<((ok: boolean) => void) | undefined>(undefined);
  const ask = useCallback((question: string) => new Promise<boolean>((resolve) => {
    resolver.current = resolve;
    setText(question);
    queueMicrotask(() => ref.current?.showModal());
  }), []);
  const answer = (ok: boolean) => {
    ref.current?.close();
    resolver.current?.(ok);
    resolver.current = undefined;
  };
  const dialog = html`<dialog ref=${ref} class="confirm" aria-labelledby="confirm-text" onCancel=${() => answer(false)}>
    <p id="confirm-text">${text}</p>
    <div class="row">
      <button type="button" class="danger" onClick=${() => answer(true)}>${t('common.yes')}</button>
      <button type="button" onClick=${() => answer(false)} autofocus>${t('common.no')}</button>
    </div>
  </dialog>`;
  return { ask, dialog };
}

/**
 * A tab named by the URL's hash (/ui#journal): taken from it on load and on every hash-only navigation
 * (a link, Back and Forward, an address typed in), written back when the user picks a tab. A hash that
 * names no tab (#main of the skip link) leaves the tab as it is.
 */
export function useHashTab<K extends string>(keys: readonly K[], fallback: K): [K, (k: K) => void] {
  const fromHash = () => keys.find((k) => location.hash === `#${k}`);
  const [tab, setTab] = useState<K>(fromHash() ?? fallback);
  useEffect(() => {
    const follow = () => { const k = fromHash(); if (k) setTab(k); };
    addEventListener('hashchange', follow);
    addEventListener('popstate', follow);
    return () => { removeEventListener('hashchange', follow); removeEventListener('popstate', follow); };
  }, []);
  const select = useCallback((k: K) => {
    history.replaceState(history.state, '', `${location.pathname}${location.search}#${k}`);
    setTab(k);
  }, []);
  return [tab, select];
}

/** Tabs with the ARIA tabs pattern (arrow keys move between tabs). */
export function Tabs<K extends string>({ label, tabs, current, onSelect, idPrefix }: { label: string; tabs: Array<[K, string]>; current: K; onSelect: (k: K) => void; idPrefix: string }) {
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex(([k]) => k === current);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = tabs[(i + step + tabs.length) % tabs.length]![0];
    onSelect(next);
    queueMicrotask(() => document.getElementById(`${idPrefix}-tab-${next}`)?.focus());
  };
  return html`<div class="tabs" role="tablist" aria-label=${label} onKeyDown=${onKey}>
    ${tabs.map(([k, title]) => html`<button type="button" role="tab" id=${`${idPrefix}-tab-${k}`} aria-selected=${k === current} aria-controls=${`${idPrefix}-panel`} tabindex=${k === current ? 0 : -1} onClick=${() => onSelect(k)}>${title}</button>`)}
  </div>`;
}

export function TabPanel({ idPrefix, current, children }: { idPrefix: string; current: string; children: ComponentChildren }) {
  return h('div', { role: 'tabpanel', id: `${idPrefix}-panel`, 'aria-labelledby': `${idPrefix}-tab-${current}`, class: 'panel' }, children);
}

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // no clipboard permission (plain http on another host): fall back to a selection copy
    const area = document.createElement('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}
