// The LK FES NSPK cabinet (/ui/fes), seed 000 §4: sign-in by the administrator's e-mail and password
// (the set-password link of §4.1 and «Я забыл пароль» → «Сбросить пароль»), «Информация о ТСП» with the
// API KEY (§4.2, §4.4), points and their кассы («Добавить кассу» with vendor and count, §4.3),
// «Информация о кассе» with the MAC KEY (§4.5), касса statuses and who may change them (§4.7), and the
// NSPK administrator's view. Every action is a call of the LK FES API (/fes/lk/v1) under the session.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { ApiError, type Api } from './api.js';
import { ErrorBox, Field, formatTime, mask, StatusBadge, Table, TabPanel, Tabs, useAction, useConfirm, useEnv, useLoad } from './widgets.js';

type Dict = Record<string, any>;
interface Session { token: string; role: 'MERCHANT_ADMIN' | 'NSPK_ADMIN'; email: string; merchantId?: string }

const inputValue = (e: Event) => (e.target as HTMLInputElement).value;
const sessionKey = (namespace: string) => `poligon.lkSession.${namespace}`;
/** LK FES's answers to a missing, unknown or expired session (docs/fes.md: 619, 620, 621). */
const SESSION_GONE = new Set(['619', '620', '621']);

function lk(api: Api, session: Session | undefined, method: string, path: string, body?: unknown) {
  return api.sim('fes', method, `/lk/v1${path}`, body, session?.token);
}

export function FesPage() {
  const { api, t, label } = useEnv();
  const [session, setSession] = useState<Session | undefined>(() => {
    const kept = sessionStorage.getItem(sessionKey(api.namespace));
    return kept ? JSON.parse(kept) as Session : undefined;
  });
  const [ended, setEnded] = useState<unknown>(undefined);
  const keep = (s: Session | undefined) => {
    if (s) sessionStorage.setItem(sessionKey(api.namespace), JSON.stringify(s));
    else sessionStorage.removeItem(sessionKey(api.namespace));
    setSession(s);
  };
  /** Every call of a signed-in screen: a session LK FES no longer knows signs the user out, saying why. */
  const call = async (method: string, path: string, body?: unknown) => {
    try {
      return await lk(api, session, method, path, body);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && SESSION_GONE.has(e.systemCode ?? '')) { setEnded(e); keep(undefined); }
      throw e;
    }
  };
  return html`<section aria-labelledby="fes-title">
    <h1 id="fes-title">${t('fes.title')}</h1>
    ${!session && html`<${ErrorBox} error=${ended} /><${SignIn} onSignedIn=${(s: Session) => { setEnded(undefined); keep(s); }} />`}
    ${session && html`<div class="row signed-in">
        <span>${t('fes.signedInAs', { email: session.email, role: label('role', session.role) })}</span>
        <button type="button" class="secondary" onClick=${() => keep(undefined)}>${t('fes.logout')}</button>
      </div>
      ${session.role === 'NSPK_ADMIN' ? html`<${NspkView} call=${call} />` : html`<${MerchantCabinet} merchantId=${session.merchantId!} role=${session.role} call=${call} />`}`}
  </section>`;
}

type Call = (method: string, path: string, body?: unknown) => Promise<any>;

// --- signing in (§4.1) ------------------------------------------------------------------------------------

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const { api, t } = useEnv();
  const [form, setForm] = useState({ email: '', password: '', merchantId: '' });
  const [forgot, setForgot] = useState(false);
  const [linkToken, setLinkToken] = useState<string | undefined>(undefined);
  const [mailboxFor, setMailboxFor] = useState('');
  const login = useAction();
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: inputValue(e) });
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Dict = { email: form.email.trim(), password: form.password };
    if (form.merchantId.trim()) body.merchantId = form.merchantId.trim();
    const r = await login.run(() => lk(api, undefined, 'POST', '/auth/login', body));
    if (r) onSignedIn({ token: r.sessionToken, role: r.role, email: r.email, merchantId: r.merchantId });
  };
  return html`<div class="split">
    <div>
      <form class="card" aria-labelledby="fes-signin" onSubmit=${submit}>
        <h2 id="fes-signin">${t('fes.signIn')}</h2>
        <${Field} id="lk-email" label=${t('fes.email')}><input id="lk-email" type="email" autocomplete="username" value=${form.email} onInput=${set('email')} required /><//>
        <${Field} id="lk-password" label=${t('fes.password')}><input id="lk-password" type="password" autocomplete="current-password" value=${form.password} onInput=${set('password')} required /><//>
        <${Field} id="lk-merchant" label=${t('fes.merchantId')}><input id="lk-merchant" value=${form.merchantId} onInput=${set('merchantId')} /><//>
        <${ErrorBox} error=${login.error} />
        <div class="row">
          <button type="submit" disabled=${login.busy}>${t('fes.login')}</button>
          <button type="button" class="link" aria-expanded=${forgot} onClick=${() => setForgot(!forgot)}>${t('fes.forgot')}</button>
        </div>
      </form>
      ${forgot && html`<${ForgotPassword} onSent=${(merchantId: string) => setMailboxFor(merchantId)} />`}
    </div>
    <div>
      <${Mailbox} key=${mailboxFor} initial=${mailboxFor} onFollow=${setLinkToken} />
      ${linkToken && html`<${SetPassword} key=${linkToken} token=${linkToken} />`}
    </div>
  </div>`;
}

function ForgotPassword({ onSent }: { onSent: (merchantId: string) => void }) {
  const { api, t } = useEnv();
  const [email, setEmail] = useState('');
  const [merchantId, setMerchantId] = useState('');
  const [sent, setSent] = useState<Dict | undefined>(undefined);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await action.run(() => lk(api, undefined, 'POST', '/auth/forgot-password', { email: email.trim(), ...(merchantId.trim() ? { merchantId: merchantId.trim() } : {}) }));
    if (r) { setSent(r); onSent(r.merchantId); }
  };
  return html`<form class="card" aria-labelledby="fes-forgot" onSubmit=${submit}>
    <h2 id="fes-forgot">${t('fes.forgot')}</h2>
    <${Field} id="forgot-email" label=${t('fes.email')}><input id="forgot-email" type="email" value=${email} onInput=${(e: Event) => setEmail(inputValue(e))} required /><//>
    <${Field} id="forgot-merchant" label=${t('fes.merchantId')}><input id="forgot-merchant" value=${merchantId} onInput=${(e: Event) => setMerchantId(inputValue(e))} /><//>
    <${ErrorBox} error=${action.error} />
    ${sent && html`<p class="notice" role="status">${t('fes.linkSent', { email: sent.email })}</p>`}
    <button type="submit" disabled=${action.busy}>${t('fes.reset')}</button>
  </form>`;
}

/** The sandbox's mailbox: LK FES sends no e-mail, so the latest set-password link is read here (GET …/admin). */
function Mailbox({ initial, onFollow }: { initial: string; onFollow: (token: string) => void }) {
  const { api, t, label, lang } = useEnv();
  const [merchantId, setMerchantId] = useState(initial);
  const [shown, setShown] = useState(initial);
  const mail = useLoad(() => (shown ? lk(api, undefined, 'GET', `/merchants/${encodeURIComponent(shown)}/admin`) : Promise.resolve(undefined)), [api, shown]);
  const link: Dict | undefined = mail.data?.setPasswordLink;
  return html`<section class="card" aria-labelledby="fes-mailbox">
    <h2 id="fes-mailbox">${t('fes.mailbox')}</h2>
    <p class="muted">${t('fes.mailboxHint')}</p>
    <form class="row" onSubmit=${(e: Event) => { e.preventDefault(); setShown(merchantId.trim()); mail.reload(); }}>
      <${Field} id="mailbox-merchant" label=${t('fes.pickMerchant')}><input id="mailbox-merchant" value=${merchantId} onInput=${(e: Event) => setMerchantId(inputValue(e))} placeholder="tsp-000002" required /><//>
      <button type="submit">${t('fes.mailboxOpen')}</button>
    </form>
    <${ErrorBox} error=${mail.error} />
    ${mail.data && html`<dl class="facts">
      <dt>${t('fes.mail.account')}</dt><dd>${mail.data.email} · ${mail.data.accountStatus}</dd>
      ${link && html`
        <dt>${t('fes.mail.to')}</dt><dd>${link.to}</dd>
        <dt>${t('fes.mail.purpose')}</dt><dd>${label('fes.mail', link.purpose)}</dd>
        <dt>${t('fes.mail.linkStatus')}</dt><dd>${link.status}</dd>
        <dt>${t('fes.mail.expires')}</dt><dd>${formatTime(lang, link.expiresAt)}</dd>`}
    </dl>`}
    ${link && link.status === 'VALID' && html`<button type="button" onClick=${() => onFollow(link.setPasswordToken)}>${t('fes.mail.follow')}</button>`}
  </section>`;
}

function SetPassword({ token }: { token: string }) {
  const { api, t, lang } = useEnv();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState<Dict | undefined>(undefined);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (password !== again) { action.setError(new Error(t('fes.passwordsDiffer'))); return; }
    const r = await action.run(() => lk(api, undefined, 'POST', '/auth/set-password', { token, password }));
    if (r) setDone(r);
  };
  return html`<form class="card" aria-labelledby="fes-set-password" onSubmit=${submit}>
    <h2 id="fes-set-password">${t('fes.setPassword')}</h2>
    <${Field} id="new-password" label=${t('fes.password')}><input id="new-password" type="password" autocomplete="new-password" value=${password} onInput=${(e: Event) => setPassword(inputValue(e))} required /><//>
    <${Field} id="new-password-2" label=${t('fes.password2')}><input id="new-password-2" type="password" autocomplete="new-password" value=${again} onInput=${(e: Event) => setAgain(inputValue(e))} required /><//>
    <${ErrorBox} error=${action.error} />
    ${done && html`<p class="notice" role="status">${t('fes.setPasswordDone', { from: formatTime(lang, done.passwordUsableFrom) })}</p>`}
    <button type="submit" disabled=${action.busy || Boolean(done)}>${t('common.save')}</button>
  </form>`;
}

// --- the merchant administrator (§4.2–4.7) ------------------------------------------------------------------

type MerchantTab = 'merchant' | 'points' | 'cashRegister';

function MerchantCabinet({ merchantId, role, call }: { merchantId: string; role: Session['role']; call: Call }) {
  const { t } = useEnv();
  const [tab, setTab] = useState<MerchantTab>('merchant');
  const [kassa, setKassa] = useState<string | undefined>(undefined);
  const merchant = useLoad(() => call('GET', `/merchants/${encodeURIComponent(merchantId)}`), [merchantId]);
  const open = (id: string) => { setKassa(id); setTab('cashRegister'); };
  const tabs: Array<[MerchantTab, string]> = [['merchant', t('fes.tab.merchant')], ['points', t('fes.tab.points')], ...(kassa ? [['cashRegister', `${t('fes.tab.cashRegister')} ${kassa}`] as [MerchantTab, string]] : [])];
  if (merchant.error) return html`<${ErrorBox} error=${merchant.error} />`;
  if (!merchant.data) return html`<p>${t('common.loading')}</p>`;
  return html`<div>
    <${Tabs} label=${merchant.data.name} idPrefix="lk" current=${tab} onSelect=${setTab} tabs=${tabs} />
    <${TabPanel} idPrefix="lk" current=${tab}>
      ${tab === 'merchant' && html`<${MerchantInfo} merchant=${merchant.data} role=${role} call=${call} onChanged=${merchant.reload} />`}
      ${tab === 'points' && html`<${PointsAndKassy} merchant=${merchant.data} role=${role} call=${call} onChanged=${merchant.reload} onOpen=${open} />`}
      ${tab === 'cashRegister' && kassa && html`<${KassaInfo} key=${kassa} id=${kassa} role=${role} call=${call} onChanged=${merchant.reload} />`}
    <//>
  </div>`;
}

/** A key shown masked until asked for (§4.2: the administrator can obtain it at any time). */
function KeyValue({ id, last4, full }: { id: string; last4: string; full: string | undefined }) {
  const { t } = useEnv();
  return html`<span class="key">
    <code id=${id}>${full ?? mask(`xxxx${last4}`)}</code>
    ${full && html`<small class="muted">${t('fes.keyShownOnce')}</small>`}
  </span>`;
}

function MerchantInfo({ merchant, role, call, onChanged }: { merchant: Dict; role: Session['role']; call: Call; onChanged: () => void }) {
  const { t, lang } = useEnv();
  const [apiKey, setApiKey] = useState<string | undefined>(undefined);
  const action = useAction(onChanged);
  const { ask, dialog } = useConfirm();
  const path = `/merchants/${encodeURIComponent(merchant.merchantId)}/api-key`;
  const mine = role === 'MERCHANT_ADMIN';
  const keyAction = async (verb: 'block' | 'unblock' | 'regenerate') => {
    const question = verb === 'regenerate' ? t('fes.confirmRegenerateApi') : verb === 'block' ? t('fes.confirmBlockApi') : undefined;
    if (question && !(await ask(question))) return;
    const r = await action.run(() => call('POST', `${path}/${verb}`));
    if (r) setApiKey(verb === 'regenerate' ? r.apiKey : undefined);
  };
  return html`<section class="card" aria-labelledby="lk-merchant-info">
    <h2 id="lk-merchant-info">${t('fes.tab.merchant')}: ${merchant.name}</h2>
    <dl class="facts">
      <dt>${t('common.id')}</dt><dd>${merchant.merchantId}</dd>
      <dt>${t('gis.inn')}</dt><dd>${merchant.inn}</dd>
      ${merchant.kpp && html`<dt>${t('gis.kpp')}</dt><dd>${merchant.kpp}</dd>`}
      ${merchant.ogrn && html`<dt>${t('gis.ogrn')}</dt><dd>${merchant.ogrn}</dd>`}
      ${merchant.brand && html`<dt>${t('gis.brand')}</dt><dd>${merchant.brand}</dd>`}
      <dt>${t('common.status')}</dt><dd><${StatusBadge} code=${merchant.status} /></dd>
      <dt>${t('fes.technicalContact')}</dt><dd>${merchant.technicalContactEmail}</dd>
      <dt>${t('fes.agreement')}</dt><dd>${formatTime(lang, merchant.agreementJoinedAt) || '—'}</dd>
      <dt>${t('fes.apiKey')}</dt><dd><${KeyValue} id="api-key" last4=${merchant.apiKeyLast4} full=${apiKey} /></dd>
      <dt>${t('fes.apiKeyStatus')}</dt><dd><${StatusBadge} code=${merchant.apiKeyStatus} /></dd>
    </dl>
    ${mine && html`<div class="row">
      ${apiKey
        ? html`<button type="button" class="secondary" onClick=${() => setApiKey(undefined)}>${t('common.hide')}</button>`
        : html`<button type="button" onClick=${async () => { const r = await action.run(() => call('GET', path)); if (r) setApiKey(r.apiKey); }}>${t('common.show')} API KEY</button>`}
      ${merchant.apiKeyStatus === 'BLOCKED'
        ? html`<button type="button" onClick=${() => keyAction('unblock')}>${t('fes.keyUnblock')}</button>`
        : html`<button type="button" class="danger" onClick=${() => keyAction('block')}>${t('fes.keyBlock')}</button>`}
      <button type="button" class="danger" onClick=${() => keyAction('regenerate')}>${t('fes.keyRegenerate')}</button>
    </div>`}
    <${ErrorBox} error=${action.error} />
    ${dialog}
  </section>`;
}

function PointsAndKassy({ merchant, role, call, onChanged, onOpen }: { merchant: Dict; role: Session['role']; call: Call; onChanged: () => void; onOpen: (id: string) => void }) {
  const { t, lang } = useEnv();
  return html`<div>
    ${(merchant.points ?? []).map((p: Dict) => html`<section class="card" key=${p.pointId} aria-labelledby=${`lk-point-${p.pointId}`}>
      <h2 id=${`lk-point-${p.pointId}`}>${p.name} <span class="muted">${p.pointId}</span> <${StatusBadge} code=${p.status} /></h2>
      <p class="muted">${p.address}${p.onlineShop ? ` · ${t('fes.online')}` : ''}${p.activeFrom ? ` · ${t('gis.point.activeFromShown')} ${formatTime(lang, p.activeFrom)}` : ''}</p>
      <${Table} caption=${`${t('state.cashRegisters')}: ${p.name}`} rows=${p.cashRegisters ?? []} rowKey=${(c: Dict) => c.cashRegisterId} columns=${[
        { title: t('common.id'), cell: (c: Dict) => c.cashRegisterId },
        { title: t('fes.vendor'), cell: (c: Dict) => c.vendor },
        { title: t('fes.protocolVersion'), cell: (c: Dict) => c.protocolVersion },
        { title: t('common.status'), cell: (c: Dict) => html`<${StatusBadge} code=${c.status} />` },
        { title: t('common.actions'), cell: (c: Dict) => html`<button type="button" class="secondary" aria-label=${`${t('fes.tab.cashRegister')} ${c.cashRegisterId}`} onClick=${() => onOpen(c.cashRegisterId)}>${t('fes.tab.cashRegister')}</button>` },
      ]} />
      ${role === 'MERCHANT_ADMIN' && html`<${AddKassy} merchantId=${merchant.merchantId} point=${p} call=${call} onAdded=${onChanged} />`}
      ${role === 'NSPK_ADMIN' && html`<${NspkPointActions} merchantId=${merchant.merchantId} point=${p} call=${call} onChanged=${onChanged} />`}
    </section>`)}
  </div>`;
}

function AddKassy({ merchantId, point, call, onAdded }: { merchantId: string; point: Dict; call: Call; onAdded: () => void }) {
  const { t } = useEnv();
  const vendors = useLoad(() => call('GET', '/vendors'), []);
  const [vendor, setVendor] = useState('');
  const [count, setCount] = useState('1');
  const [version, setVersion] = useState('1');
  const [created, setCreated] = useState<Dict[]>([]);
  const action = useAction(onAdded);
  const idBase = `add-${point.pointId}`;
  useEffect(() => { if (!vendor && vendors.data?.vendors?.length) setVendor(vendors.data.vendors[0].id); }, [vendors.data]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Dict = { vendor, protocolVersion: Number(version) };
    if (!point.onlineShop) body.count = Number(count);
    const r = await action.run(() => call('POST', `/merchants/${encodeURIComponent(merchantId)}/points/${encodeURIComponent(point.pointId)}/cash-registers`, body));
    if (r) setCreated(r.cashRegisters);
  };
  return html`<details class="card">
    <summary>${t('fes.addCashRegister')}</summary>
    <form class="grid-form" onSubmit=${submit}>
      <${Field} id=${`${idBase}-vendor`} label=${t('fes.vendor')}>
        <select id=${`${idBase}-vendor`} value=${vendor} onChange=${(e: Event) => setVendor(inputValue(e))}>
          ${(vendors.data?.vendors ?? []).map((v: Dict) => html`<option value=${v.id}>${v.name}</option>`)}
        </select>
      <//>
      ${!point.onlineShop && html`<${Field} id=${`${idBase}-count`} label=${t('fes.count')}>
        <input id=${`${idBase}-count`} type="number" min="1" value=${count} onInput=${(e: Event) => setCount(inputValue(e))} required />
      <//>`}
      <${Field} id=${`${idBase}-version`} label=${t('fes.protocolVersion')}>
        <select id=${`${idBase}-version`} value=${version} onChange=${(e: Event) => setVersion(inputValue(e))}><option value="1">1</option><option value="2">2</option></select>
      <//>
      <div class="row"><button type="submit" disabled=${action.busy || !vendor}>${t('common.add')}</button></div>
    </form>
    <${ErrorBox} error=${action.error ?? vendors.error} />
    ${created.length > 0 && html`<div class="notice" role="status">
      <p>${t('fes.created')}</p>
      <${Table} caption=${t('fes.addCashRegister')} rows=${created} rowKey=${(c: Dict) => c.cashRegisterId} columns=${[
        { title: t('common.id'), cell: (c: Dict) => c.cashRegisterId },
        { title: t('fes.macKey'), cell: (c: Dict) => html`<code>${c.macKey}</code>` },
        { title: t('common.status'), cell: (c: Dict) => html`<${StatusBadge} code=${c.status} />` },
      ]} />
    </div>`}
  </details>`;
}

/** Who may set which status (§4.7); LK FES itself decides and refuses any other change (606). */
function targetStatuses(role: Session['role'], from: string): string[] {
  if (role === 'MERCHANT_ADMIN') return from === 'ACTIVE' ? ['BLOCKED_BY_MERCHANT'] : from === 'BLOCKED_BY_MERCHANT' ? ['ACTIVE'] : [];
  return from === 'BLOCKED_BY_NSPK' ? ['ACTIVE'] : ['BLOCKED_BY_NSPK'];
}

function KassaInfo({ id, role, call, onChanged }: { id: string; role: Session['role']; call: Call; onChanged: () => void }) {
  const { t, label, lang } = useEnv();
  const kassa = useLoad(() => call('GET', `/cash-registers/${encodeURIComponent(id)}`), [id]);
  const [macKey, setMacKey] = useState<string | undefined>(undefined);
  const [next, setNext] = useState('');
  const [reason, setReason] = useState('');
  const changed = () => { kassa.reload(); onChanged(); };
  const action = useAction(changed);
  const { ask, dialog } = useConfirm();
  const c: Dict | undefined = kassa.data;
  const targets = c ? targetStatuses(role, c.status) : [];
  useEffect(() => { setNext(targets[0] ?? ''); }, [c?.status]);
  if (kassa.error) return html`<${ErrorBox} error=${kassa.error} />`;
  if (!c) return html`<p>${t('common.loading')}</p>`;
  const path = `/cash-registers/${encodeURIComponent(id)}`;
  const mine = role === 'MERCHANT_ADMIN';
  return html`<section class="card" aria-labelledby="lk-kassa-info">
    <h2 id="lk-kassa-info">${t('fes.tab.cashRegister')} ${c.cashRegisterId}</h2>
    <dl class="facts">
      <dt>${t('common.id')}</dt><dd>${c.cashRegisterId}</dd>
      <dt>${t('col.point')}</dt><dd>${c.pointId}</dd>
      <dt>${t('fes.vendor')}</dt><dd>${c.vendor}</dd>
      <dt>${t('fes.protocolVersion')}</dt><dd>${c.protocolVersion}</dd>
      <dt>${t('common.status')}</dt><dd><${StatusBadge} code=${c.status} /></dd>
      <dt>${t('col.created')}</dt><dd>${formatTime(lang, c.createdAt)}</dd>
      <dt>${t('fes.macKey')}</dt><dd><${KeyValue} id="mac-key" last4=${c.macKeyLast4} full=${macKey} /></dd>
    </dl>
    ${mine && html`<div class="row">
      ${macKey
        ? html`<button type="button" class="secondary" onClick=${() => setMacKey(undefined)}>${t('common.hide')}</button>`
        : html`<button type="button" onClick=${async () => { const r = await action.run(() => call('GET', `${path}/mac-key`)); if (r) setMacKey(r.macKey); }}>${t('common.show')} MAC KEY</button>`}
      <button type="button" class="danger" onClick=${async () => {
        if (!(await ask(t('fes.confirmRegenerateMac', { id: c.cashRegisterId })))) return;
        const r = await action.run(() => call('POST', `${path}/mac-key/regenerate`));
        if (r) setMacKey(r.macKey);
      }}>${t('fes.keyRegenerate')} MAC KEY</button>
    </div>`}
    <h3>${t('fes.changeStatus')}</h3>
    <p class="muted" id="status-rules">${t('fes.statusRules')}</p>
    ${targets.length === 0
      ? html`<p>${t('gis.point.notAllowed', { status: label('status', c.status) })}</p>`
      : html`<form class="grid-form" aria-describedby="status-rules" onSubmit=${(e: Event) => { e.preventDefault(); void action.run(() => call('POST', `${path}/status`, { status: next, ...(reason.trim() ? { reason: reason.trim() } : {}) })); }}>
        <${Field} id="kassa-status" label=${t('fes.newStatus')}>
          <select id="kassa-status" value=${next} onChange=${(e: Event) => setNext(inputValue(e))}>
            ${targets.map((s) => html`<option value=${s}>${label('status', s)}</option>`)}
          </select>
        <//>
        <${Field} id="kassa-reason" label=${t('gis.treasury.blockReason')}><input id="kassa-reason" value=${reason} onInput=${(e: Event) => setReason(inputValue(e))} /><//>
        <div class="row"><button type="submit" disabled=${action.busy}>${t('fes.changeStatus')}</button></div>
      </form>`}
    <${ErrorBox} error=${action.error} />
    ${dialog}
  </section>`;
}

// --- the NSPK administrator -------------------------------------------------------------------------------

function NspkView({ call }: { call: Call }) {
  const { t } = useEnv();
  const list = useLoad(() => call('GET', '/merchants'), []);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const action = useAction(list.reload);
  const { ask, dialog } = useConfirm();
  const merchants: Dict[] = list.data?.merchants ?? [];
  return html`<div>
    <${Table} caption=${t('fes.nspk.merchants')} rows=${merchants} rowKey=${(m: Dict) => m.merchantId} columns=${[
      { title: t('common.id'), cell: (m: Dict) => m.merchantId },
      { title: t('common.name'), cell: (m: Dict) => m.name },
      { title: t('gis.inn'), cell: (m: Dict) => m.inn },
      { title: t('common.status'), cell: (m: Dict) => html`<${StatusBadge} code=${m.status} />` },
      { title: t('fes.apiKey'), cell: (m: Dict) => html`<code>${mask(`xxxx${m.apiKeyLast4}`)}</code> <${StatusBadge} code=${m.apiKeyStatus} />` },
      { title: t('common.actions'), cell: (m: Dict) => html`<div class="row">
        <button type="button" class="secondary" aria-pressed=${selected === m.merchantId} onClick=${() => setSelected(m.merchantId)}>${t('fes.open')}</button>
        ${m.status !== 'BLOCKED' && html`<button type="button" class="danger" onClick=${async () => {
          if (await ask(t('fes.nspk.confirmBlock', { id: m.merchantId }))) await action.run(() => call('POST', `/merchants/${encodeURIComponent(m.merchantId)}/block`));
        }}>${t('fes.nspk.blockMerchant')}</button>`}
      </div>` },
    ]} />
    <${ErrorBox} error=${action.error ?? list.error} />
    ${selected && html`<${MerchantCabinet} key=${selected} merchantId=${selected} role="NSPK_ADMIN" call=${call} />`}
    <${RegisterMerchant} call=${call} onCreated=${list.reload} />
    ${dialog}
  </div>`;
}

function NspkPointActions({ merchantId, point, call, onChanged }: { merchantId: string; point: Dict; call: Call; onChanged: () => void }) {
  const { t } = useEnv();
  const action = useAction(onChanged);
  const path = `/merchants/${encodeURIComponent(merchantId)}/points/${encodeURIComponent(point.pointId)}`;
  return html`<div class="row">
    <span class="muted">${t('fes.nspk.standalone')}</span>
    ${point.status !== 'ACTIVATED' && point.status !== 'DISABLED' && html`<button type="button" onClick=${() => action.run(() => call('POST', `${path}/activate`, {}))}>${t('fes.nspk.activate')}</button>`}
    ${point.status !== 'DISABLED' && html`<button type="button" class="danger" onClick=${() => action.run(() => call('POST', `${path}/disable`))}>${t('fes.nspk.disable')}</button>`}
    <${ErrorBox} error=${action.error} />
  </div>`;
}

function RegisterMerchant({ call, onCreated }: { call: Call; onCreated: () => void }) {
  const { t } = useEnv();
  const [form, setForm] = useState({ name: '', inn: '', technicalContactEmail: '', merchantId: '', pointName: '', pointAddress: '', onlineShop: false });
  const [apiKey, setApiKey] = useState<string | undefined>(undefined);
  const action = useAction(onCreated);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).type === 'checkbox' ? (e.target as HTMLInputElement).checked : inputValue(e) });
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await action.run(async () => {
      const created = await call('POST', '/merchants', { name: form.name.trim(), inn: form.inn.trim(), technicalContactEmail: form.technicalContactEmail.trim(), ...(form.merchantId.trim() ? { merchantId: form.merchantId.trim() } : {}) });
      if (form.pointName.trim()) await call('POST', `/merchants/${encodeURIComponent(created.merchant.merchantId)}/points`, { name: form.pointName.trim(), address: form.pointAddress.trim() || form.pointName.trim(), onlineShop: form.onlineShop });
      return created;
    });
    if (r) setApiKey(r.apiKey);
  };
  return html`<details class="card">
    <summary>${t('fes.nspk.registerMerchant')}</summary>
    <p class="muted">${t('fes.nspk.standalone')}</p>
    <form class="grid-form" onSubmit=${submit}>
      <${Field} id="nm-name" label=${t('gis.name')}><input id="nm-name" value=${form.name} onInput=${set('name')} required /><//>
      <${Field} id="nm-inn" label=${t('gis.inn')}><input id="nm-inn" value=${form.inn} onInput=${set('inn')} required inputmode="numeric" /><//>
      <${Field} id="nm-email" label=${t('fes.technicalContact')}><input id="nm-email" type="email" value=${form.technicalContactEmail} onInput=${set('technicalContactEmail')} required /><//>
      <${Field} id="nm-id" label=${t('common.id')}><input id="nm-id" value=${form.merchantId} onInput=${set('merchantId')} /><//>
      <${Field} id="nm-point" label=${t('gis.point.name')}><input id="nm-point" value=${form.pointName} onInput=${set('pointName')} /><//>
      <${Field} id="nm-address" label=${t('col.address')}><input id="nm-address" value=${form.pointAddress} onInput=${set('pointAddress')} /><//>
      <div class="field checkbox"><input id="nm-online" type="checkbox" checked=${form.onlineShop} onChange=${set('onlineShop')} /><label for="nm-online">${t('gis.point.online')}</label></div>
      <div class="row"><button type="submit" disabled=${action.busy}>${t('common.save')}</button></div>
    </form>
    <${ErrorBox} error=${action.error} />
    ${apiKey && html`<p class="notice" role="status">API KEY: <code>${apiKey}</code> · ${t('fes.keyShownOnce')}</p>`}
  </details>`;
}
