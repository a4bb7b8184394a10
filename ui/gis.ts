// The GIS ES cabinet (/ui/gis): the merchant's screens of seed 000 §3.4 — «Продавец» (merchant card),
// «Контактные лица», programs, «Точки продавца» with address, coordinates and «Товары, работы, услуги»,
// the status actions with the preconditions that still keep an action closed — and a Treasury view
// (program applications, blocking a merchant). Every action is a call of the GIS ES API (/gis/api/v1).
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { Api } from './api.js';
import { ErrorBox, Field, formatTime, StatusBadge, Table, TabPanel, Tabs, useAction, useConfirm, useEnv, useHashTab, useLoad } from './widgets.js';

type Dict = Record<string, any>;
const V1 = '/api/v1';
const gis = (api: Api, method: string, path: string, body?: unknown) => api.sim('gis', method, `${V1}${path}`, body);
const inputValue = (e: Event) => (e.target as HTMLInputElement).value;
const checked = (e: Event) => (e.target as HTMLInputElement).checked;

const ROLES = ['merchant', 'treasury'] as const;

export function GisPage() {
  const { t } = useEnv();
  const [role, select] = useHashTab(ROLES, 'merchant');
  return html`<section aria-labelledby="gis-title">
    <h1 id="gis-title">${t('gis.title')}</h1>
    <${Tabs} label=${t('gis.role')} idPrefix="gis-role" current=${role} onSelect=${select}
      tabs=${[['merchant', t('gis.merchantView')], ['treasury', t('gis.treasury')]]} />
    <${TabPanel} idPrefix="gis-role" current=${role}>
      ${role === 'merchant' ? html`<${MerchantCabinet} />` : html`<${TreasuryView} />`}
    <//>
  </section>`;
}

// --- merchant side ------------------------------------------------------------------------------------

function MerchantCabinet() {
  const { api, t } = useEnv();
  const [showHidden, setShowHidden] = useState(false);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const list = useLoad(() => gis(api, 'GET', `/merchants${showHidden ? '?includeHidden=true' : ''}`), [api, showHidden]);
  const merchants: Dict[] = list.data?.merchants ?? [];
  return html`<div class="split">
    <section class="card" aria-labelledby="gis-merchants">
      <h2 id="gis-merchants">${t('gis.merchants')}</h2>
      <div class="field checkbox">
        <input id="gis-show-hidden" type="checkbox" checked=${showHidden} onChange=${(e: Event) => setShowHidden(checked(e))} />
        <label for="gis-show-hidden">${t('gis.showHidden')}</label>
      </div>
      <${ErrorBox} error=${list.error} />
      <ul class="picklist">
        ${merchants.map((m) => html`<li key=${m.id}>
          <button type="button" class="pick" aria-pressed=${selected === m.id} onClick=${() => { setSelected(m.id); setAdding(false); }}>
            <span>${m.name}</span> <span class="muted">${m.id} · ИНН ${m.inn}</span> <${StatusBadge} code=${m.status} />${m.hidden ? html` <span class="muted">(${t('gis.hidden')})</span>` : ''}
          </button>
        </li>`)}
      </ul>
      <button type="button" onClick=${() => { setAdding(true); setSelected(undefined); }}>${t('gis.addMerchant')}</button>
    </section>
    <div>
      ${adding && html`<${NewMerchantForm} onCreated=${(id: string) => { setAdding(false); setSelected(id); list.reload(); }} />`}
      ${!adding && selected && html`<${MerchantView} key=${selected} merchantId=${selected} onChanged=${list.reload} />`}
      ${!adding && !selected && html`<p class="card">${t('gis.pick')}</p>`}
    </div>
  </div>`;
}

const SELLER_TYPES = ['LEGAL_ENTITY', 'INDIVIDUAL_ENTREPRENEUR', 'INDIVIDUAL'];

function NewMerchantForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { api, t, label } = useEnv();
  const [form, setForm] = useState({ inn: '', kpp: '', ogrn: '', name: '', brand: '', sellerType: 'LEGAL_ENTITY' });
  const action = useAction();
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: inputValue(e) });
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Dict = { inn: form.inn.trim(), name: form.name.trim(), sellerType: form.sellerType };
    for (const k of ['kpp', 'ogrn', 'brand'] as const) if (form[k].trim()) body[k] = form[k].trim();
    const created = await action.run(() => gis(api, 'POST', '/merchants', body));
    if (created) onCreated(created.id);
  };
  return html`<form class="card" aria-labelledby="gis-new-merchant" onSubmit=${submit}>
    <h2 id="gis-new-merchant">${t('gis.addMerchant')}</h2>
    <p class="muted">${t('gis.esiaNote')}</p>
    <div class="grid-form">
      <${Field} id="m-name" label=${t('gis.name')}><input id="m-name" value=${form.name} onInput=${set('name')} required /><//>
      <${Field} id="m-inn" label=${t('gis.inn')}><input id="m-inn" value=${form.inn} onInput=${set('inn')} inputmode="numeric" required /><//>
      <${Field} id="m-ogrn" label=${t('gis.ogrn')}><input id="m-ogrn" value=${form.ogrn} onInput=${set('ogrn')} inputmode="numeric" /><//>
      <${Field} id="m-kpp" label=${t('gis.kpp')}><input id="m-kpp" value=${form.kpp} onInput=${set('kpp')} inputmode="numeric" /><//>
      <${Field} id="m-brand" label=${t('gis.brand')}><input id="m-brand" value=${form.brand} onInput=${set('brand')} /><//>
      <${Field} id="m-type" label=${t('gis.sellerType')}>
        <select id="m-type" value=${form.sellerType} onChange=${set('sellerType')}>
          ${SELLER_TYPES.map((s) => html`<option value=${s}>${label('sellerType', s)}</option>`)}
        </select>
      <//>
    </div>
    <${ErrorBox} error=${action.error} />
    <button type="submit" disabled=${action.busy}>${t('common.save')}</button>
  </form>`;
}

type MerchantTab = 'card' | 'contacts' | 'programs' | 'points';

function MerchantView({ merchantId, onChanged }: { merchantId: string; onChanged: () => void }) {
  const { api, t } = useEnv();
  const [tab, setTab] = useState<MerchantTab>('card');
  const merchant = useLoad(() => gis(api, 'GET', `/merchants/${encodeURIComponent(merchantId)}`), [api, merchantId]);
  const programs = useLoad(() => gis(api, 'GET', `/merchants/${encodeURIComponent(merchantId)}/programs`), [api, merchantId]);
  const reload = () => { merchant.reload(); programs.reload(); onChanged(); };
  const m: Dict | undefined = merchant.data;
  if (merchant.error) return html`<${ErrorBox} error=${merchant.error} />`;
  if (!m) return html`<p>${t('common.loading')}</p>`;
  return html`<section class="card" aria-labelledby="gis-merchant-title">
    <h2 id="gis-merchant-title">${m.name} <span class="muted">${m.id}</span> <${StatusBadge} code=${m.status} /></h2>
    <${Tabs} label=${m.name} idPrefix="gis-merchant" current=${tab} onSelect=${setTab}
      tabs=${[['card', t('gis.tab.card')], ['contacts', t('gis.tab.contacts')], ['programs', t('gis.tab.programs')], ['points', t('gis.tab.points')]]} />
    <${TabPanel} idPrefix="gis-merchant" current=${tab}>
      ${tab === 'card' && html`<${MerchantCard} merchant=${m} onChanged=${reload} />`}
      ${tab === 'contacts' && html`<${Contacts} merchant=${m} onChanged=${reload} />`}
      ${tab === 'programs' && html`<${Programs} merchant=${m} programs=${programs.data?.programs ?? []} onChanged=${reload} />`}
      ${tab === 'points' && html`<${Points} merchant=${m} programs=${programs.data?.programs ?? []} onChanged=${reload} />`}
    <//>
  </section>`;
}

function HideShow({ path, hidden, onChanged }: { path: string; hidden: boolean; onChanged: () => void }) {
  const { api, t } = useEnv();
  const action = useAction(onChanged);
  return html`<span>
    <button type="button" class="secondary" disabled=${action.busy} onClick=${() => action.run(() => gis(api, 'POST', `${path}/${hidden ? 'show' : 'hide'}`))}>${hidden ? t('gis.show') : t('common.hide')}</button>
    <${ErrorBox} error=${action.error} />
  </span>`;
}

function MerchantCard({ merchant, onChanged }: { merchant: Dict; onChanged: () => void }) {
  const { api, t, label } = useEnv();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ kpp: merchant.kpp ?? '', brand: merchant.brand ?? '', sellerType: merchant.sellerType });
  const action = useAction(() => { setEditing(false); onChanged(); });
  const save = (e: Event) => {
    e.preventDefault();
    const body: Dict = { sellerType: form.sellerType };
    if (form.kpp.trim()) body.kpp = form.kpp.trim();
    if (form.brand.trim()) body.brand = form.brand.trim();
    void action.run(() => gis(api, 'PATCH', `/merchants/${merchant.id}`, body));
  };
  return html`<div>
    <dl class="facts">
      <dt>${t('gis.name')}</dt><dd>${merchant.name}</dd>
      <dt>${t('gis.inn')}</dt><dd>${merchant.inn}</dd>
      <dt>${t('gis.kpp')}</dt><dd>${merchant.kpp ?? '—'}</dd>
      <dt>${t('gis.ogrn')}</dt><dd>${merchant.ogrn ?? '—'}</dd>
      <dt>${t('gis.brand')}</dt><dd>${merchant.brand ?? '—'}</dd>
      <dt>${t('gis.sellerType')}</dt><dd>${label('sellerType', merchant.sellerType)}</dd>
      <dt>${t('common.status')}</dt><dd><${StatusBadge} code=${merchant.status} />${merchant.hidden ? ` (${t('gis.hidden')})` : ''}</dd>
    </dl>
    <div class="row">
      <button type="button" onClick=${() => setEditing(!editing)} aria-expanded=${editing} disabled=${merchant.status === 'BLOCKED'}>${t('gis.edit')}</button>
      <${HideShow} path=${`/merchants/${merchant.id}`} hidden=${merchant.hidden} onChanged=${onChanged} />
    </div>
    ${merchant.status === 'BLOCKED' && html`<p class="muted">${t('gis.point.notAllowed', { status: label('status', 'BLOCKED') })}</p>`}
    ${editing && html`<form class="grid-form" onSubmit=${save}>
      <${Field} id="e-kpp" label=${t('gis.kpp')}><input id="e-kpp" value=${form.kpp} onInput=${(e: Event) => setForm({ ...form, kpp: inputValue(e) })} /><//>
      <${Field} id="e-brand" label=${t('gis.brand')}><input id="e-brand" value=${form.brand} onInput=${(e: Event) => setForm({ ...form, brand: inputValue(e) })} /><//>
      <${Field} id="e-type" label=${t('gis.sellerType')}>
        <select id="e-type" value=${form.sellerType} onChange=${(e: Event) => setForm({ ...form, sellerType: inputValue(e) })}>
          ${SELLER_TYPES.map((s) => html`<option value=${s}>${label('sellerType', s)}</option>`)}
        </select>
      <//>
      <div class="row"><button type="submit" disabled=${action.busy}>${t('common.save')}</button></div>
    </form>`}
    <${ErrorBox} error=${action.error} />
  </div>`;
}

function Contacts({ merchant, onChanged }: { merchant: Dict; onChanged: () => void }) {
  const { api, t, label } = useEnv();
  const [form, setForm] = useState({ role: 'TECHNICAL', fullName: '', email: '', phone: '', position: '' });
  const action = useAction(() => { setForm({ role: form.role, fullName: '', email: '', phone: '', position: '' }); onChanged(); });
  const remove = useAction(onChanged);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: inputValue(e) });
  const add = (e: Event) => {
    e.preventDefault();
    const body: Dict = { role: form.role, fullName: form.fullName.trim(), email: form.email.trim(), phone: form.phone.trim() };
    if (form.position.trim()) body.position = form.position.trim();
    void action.run(() => gis(api, 'POST', `/merchants/${merchant.id}/contacts`, body));
  };
  return html`<div>
    <p class="muted">${t('gis.contact.minimum')}</p>
    <${Table} caption=${t('gis.tab.contacts')} rows=${merchant.contacts ?? []} rowKey=${(c: Dict) => c.id} columns=${[
      { title: t('gis.contact.role'), cell: (c: Dict) => label('role', c.role) },
      { title: t('gis.contact.fullName'), cell: (c: Dict) => c.fullName },
      { title: t('gis.contact.email'), cell: (c: Dict) => c.email },
      { title: t('gis.contact.phone'), cell: (c: Dict) => c.phone },
      { title: t('gis.contact.position'), cell: (c: Dict) => c.position ?? '' },
      { title: t('common.actions'), cell: (c: Dict) => html`<button type="button" class="danger" aria-label=${`${t('common.delete')}: ${c.fullName}`} onClick=${() => remove.run(() => gis(api, 'DELETE', `/merchants/${merchant.id}/contacts/${c.id}`))}>${t('common.delete')}</button>` },
    ]} />
    <${ErrorBox} error=${remove.error} />
    <form class="grid-form" aria-label=${t('gis.contact.add')} onSubmit=${add}>
      <${Field} id="c-role" label=${t('gis.contact.role')}>
        <select id="c-role" value=${form.role} onChange=${set('role')}>
          ${['TECHNICAL', 'ORGANIZATIONAL'].map((r) => html`<option value=${r}>${label('role', r)}</option>`)}
        </select>
      <//>
      <${Field} id="c-name" label=${t('gis.contact.fullName')}><input id="c-name" value=${form.fullName} onInput=${set('fullName')} required /><//>
      <${Field} id="c-email" label=${t('gis.contact.email')}><input id="c-email" type="email" value=${form.email} onInput=${set('email')} required /><//>
      <${Field} id="c-phone" label=${t('gis.contact.phone')}><input id="c-phone" type="tel" value=${form.phone} onInput=${set('phone')} required placeholder="+79140000001" /><//>
      <${Field} id="c-position" label=${t('gis.contact.position')}><input id="c-position" value=${form.position} onInput=${set('position')} /><//>
      <div class="row"><button type="submit" disabled=${action.busy}>${t('gis.contact.add')}</button></div>
    </form>
    <${ErrorBox} error=${action.error} />
  </div>`;
}

function Programs({ merchant, programs, onChanged }: { merchant: Dict; programs: Dict[]; onChanged: () => void }) {
  const { api, t, label } = useEnv();
  const action = useAction(onChanged);
  const { ask, dialog } = useConfirm();
  const act = async (p: Dict, verb: 'connect' | 'disconnect') => {
    const question = t(verb === 'connect' ? 'gis.program.confirmConnect' : 'gis.program.confirmDisconnect', { name: p.name });
    if (await ask(question)) await action.run(() => gis(api, 'POST', `/merchants/${merchant.id}/programs/${encodeURIComponent(p.code)}/${verb}`));
  };
  return html`<div>
    <h3>${t('gis.program.connectTitle')}</h3>
    <${Table} caption=${t('gis.tab.programs')} rows=${programs} rowKey=${(p: Dict) => p.code} columns=${[
      { title: t('gis.program.code'), cell: (p: Dict) => p.code },
      { title: t('common.name'), cell: (p: Dict) => p.name },
      { title: t('gis.program.access'), cell: (p: Dict) => label('access', p.access) },
      { title: t('gis.program.period'), cell: (p: Dict) => `${p.validFrom} — ${p.validTo}` },
      { title: t('common.status'), cell: (p: Dict) => html`<${StatusBadge} code=${p.status} />${p.reason ? html` <span class="muted">${p.reason}</span>` : ''}` },
      { title: t('common.actions'), cell: (p: Dict) => (p.status === 'NOT_CONNECTED' || p.status === 'REJECTED'
        ? html`<button type="button" aria-label=${`${t('gis.program.connect')}: ${p.name}`} onClick=${() => act(p, 'connect')}>${t('gis.program.connect')}</button>`
        : p.status === 'CONNECTED' ? html`<button type="button" class="danger" aria-label=${`${t('gis.program.disconnect')}: ${p.name}`} onClick=${() => act(p, 'disconnect')}>${t('gis.program.disconnect')}</button>` : '') },
    ]} />
    <${ErrorBox} error=${action.error} />
    ${dialog}
  </div>`;
}

function Points({ merchant, programs, onChanged }: { merchant: Dict; programs: Dict[]; onChanged: () => void }) {
  const { api, t } = useEnv();
  const [showHidden, setShowHidden] = useState(false);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const list = useLoad(() => gis(api, 'GET', `/merchants/${merchant.id}/points${showHidden ? '?includeHidden=true' : ''}`), [api, merchant, showHidden]);
  const points: Dict[] = list.data?.points ?? [];
  const changed = () => { list.reload(); onChanged(); };
  return html`<div>
    <div class="field checkbox">
      <input id="gis-points-hidden" type="checkbox" checked=${showHidden} onChange=${(e: Event) => setShowHidden(checked(e))} />
      <label for="gis-points-hidden">${t('gis.showHidden')}</label>
    </div>
    <${Table} caption=${t('gis.tab.points')} rows=${points} rowKey=${(p: Dict) => p.id} columns=${[
      { title: t('common.id'), cell: (p: Dict) => p.id },
      { title: t('gis.point.name'), cell: (p: Dict) => html`<button type="button" class="link" aria-pressed=${selected === p.id} onClick=${() => setSelected(p.id)}>${p.name}</button>` },
      { title: t('col.address'), cell: (p: Dict) => p.address?.text ?? '—' },
      { title: t('common.status'), cell: (p: Dict) => html`<${StatusBadge} code=${p.status} />${p.hidden ? ` (${t('gis.hidden')})` : ''}` },
    ]} />
    <${ErrorBox} error=${list.error} />
    ${selected && html`<${PointView} key=${selected} pointId=${selected} merchant=${merchant} programs=${programs} onChanged=${changed} onDeleted=${() => { setSelected(undefined); changed(); }} />`}
    <${NewPointForm} merchantId=${merchant.id} onCreated=${(id: string) => { setSelected(id); changed(); }} />
  </div>`;
}

function NewPointForm({ merchantId, onCreated }: { merchantId: string; onCreated: (id: string) => void }) {
  const { api, t } = useEnv();
  const empty = { name: '', address: '', fiasId: '', latitude: '', longitude: '', site: '', onlineShop: false, accessible: false };
  const [form, setForm] = useState(empty);
  const action = useAction();
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).type === 'checkbox' ? checked(e) : inputValue(e) });
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Dict = { name: form.name.trim(), onlineShop: form.onlineShop, accessibleForLimitedMobility: form.accessible };
    if (form.address.trim() || form.fiasId.trim()) body.address = { fiasId: form.fiasId.trim(), division: 'MUNICIPAL', text: form.address.trim() };
    if (form.latitude.trim() || form.longitude.trim()) body.coordinates = { latitude: form.latitude.trim(), longitude: form.longitude.trim() };
    if (form.site.trim()) body.site = form.site.trim();
    const created = await action.run(() => gis(api, 'POST', `/merchants/${merchantId}/points`, body));
    if (created) { setForm(empty); onCreated(created.id); }
  };
  return html`<details class="card">
    <summary>${t('gis.point.add')}</summary>
    <form class="grid-form" onSubmit=${submit}>
      <${Field} id="p-name" label=${t('gis.point.name')}><input id="p-name" value=${form.name} onInput=${set('name')} required /><//>
      <${Field} id="p-address" label=${t('gis.point.address')}><input id="p-address" value=${form.address} onInput=${set('address')} /><//>
      <${Field} id="p-fias" label=${t('gis.point.fiasId')}><input id="p-fias" value=${form.fiasId} onInput=${set('fiasId')} placeholder="6f7b5a3c-1d2e-4f80-9a1b-2c3d4e5f6a7b" /><//>
      <${Field} id="p-lat" label=${t('gis.point.latitude')} hint=${t('gis.point.coordsHint')}><input id="p-lat" value=${form.latitude} onInput=${set('latitude')} inputmode="decimal" placeholder="62.028" aria-describedby="p-lat-hint" /><//>
      <${Field} id="p-lon" label=${t('gis.point.longitude')}><input id="p-lon" value=${form.longitude} onInput=${set('longitude')} inputmode="decimal" placeholder="129.732" /><//>
      <${Field} id="p-site" label=${t('gis.point.site')}><input id="p-site" type="url" value=${form.site} onInput=${set('site')} /><//>
      <div class="field checkbox"><input id="p-online" type="checkbox" checked=${form.onlineShop} onChange=${set('onlineShop')} /><label for="p-online">${t('gis.point.online')}</label></div>
      <div class="field checkbox"><input id="p-accessible" type="checkbox" checked=${form.accessible} onChange=${set('accessible')} /><label for="p-accessible">${t('gis.point.accessible')}</label></div>
      <div class="row"><button type="submit" disabled=${action.busy}>${t('common.save')}</button></div>
    </form>
    <${ErrorBox} error=${action.error} />
  </details>`;
}

/** What «На активацию» needs (seed 000 §3.4.7 after §3.4.2–3.4.6), as the cabinet shows it beside the button. */
function preconditions(merchant: Dict, programs: Dict[], point: Dict): Array<[string, boolean]> {
  const roles = new Set((merchant.contacts ?? []).map((c: Dict) => c.role));
  return [
    ['MERCHANT_OPEN', merchant.status === 'OPEN'],
    ['TECHNICAL_CONTACT', roles.has('TECHNICAL')],
    ['ORGANIZATIONAL_CONTACT', roles.has('ORGANIZATIONAL')],
    ['CONNECTED_PROGRAM', programs.some((p) => p.status === 'CONNECTED')],
    ['ADDRESS', Boolean(point.address)],
    ['COORDINATES', Boolean(point.coordinates)],
    ['GOODS', (point.goods ?? []).length > 0],
  ];
}

/** Moscow's calendar day of the sandbox's virtual now: the default activation date. */
function moscowDay(iso: string): string {
  return new Date(Date.parse(iso) + 3 * 3600_000).toISOString().slice(0, 10);
}

function PointView({ pointId, merchant, programs, onChanged, onDeleted }: { pointId: string; merchant: Dict; programs: Dict[]; onChanged: () => void; onDeleted: () => void }) {
  const { api, t, label, lang } = useEnv();
  const point = useLoad(() => gis(api, 'GET', `/points/${encodeURIComponent(pointId)}`), [api, pointId]);
  const clock = useLoad(() => api.admin<{ now: string }>('GET', '/clock'), [api]);
  const [activeFrom, setActiveFrom] = useState('');
  const [truCode, setTruCode] = useState('');
  const [marked, setMarked] = useState<string[]>([]);
  const changed = () => { point.reload(); onChanged(); };
  const action = useAction(changed);
  const { ask, dialog } = useConfirm();
  useEffect(() => { if (clock.data && !activeFrom) setActiveFrom(moscowDay(clock.data.now)); }, [clock.data]);
  // a касса registered in LK FES moves the point on: follow it while waiting
  useEffect(() => {
    if (point.data?.status !== 'ON_ACTIVATION') return undefined;
    const timer = setInterval(changed, 2000);
    return () => clearInterval(timer);
  }, [point.data?.status]);
  const p: Dict | undefined = point.data;
  if (point.error) return html`<${ErrorBox} error=${point.error} />`;
  if (!p) return html`<p>${t('common.loading')}</p>`;
  const path = `/points/${p.id}`;
  const status: string = p.status;
  const blocked = merchant.status === 'BLOCKED' || status === 'DISABLED';
  const closedIn = (allowed: string) => (status === allowed && !blocked ? undefined : t('gis.point.notAllowed', { status: label('status', status) }));
  const checks = preconditions(merchant, programs, p);

  const actionButton = (id: string, text: string, allowedFrom: string, run: () => void, danger = false) => {
    const why = closedIn(allowedFrom);
    return html`<div class="action">
      <button type="button" class=${danger ? 'danger' : ''} id=${id} disabled=${Boolean(why) || action.busy} aria-describedby=${why ? `${id}-why` : undefined} onClick=${run}>${text}</button>
      ${why && html`<small id=${`${id}-why`} class="muted">${why}</small>`}
    </div>`;
  };

  return html`<section class="card point" aria-labelledby="gis-point-title">
    <h3 id="gis-point-title">${p.name} <span class="muted">${p.id}</span> <${StatusBadge} code=${status} /></h3>
    <dl class="facts">
      <dt>${t('col.address')}</dt><dd>${p.address ? `${p.address.text} (ФИАС ${p.address.fiasId})` : '—'}</dd>
      <dt>${t('gis.point.latitude')} / ${t('gis.point.longitude')}</dt><dd>${p.coordinates ? `${p.coordinates.latitude}, ${p.coordinates.longitude}` : '—'}</dd>
      ${p.site && html`<dt>${t('gis.point.site')}</dt><dd>${p.site}</dd>`}
      <dt>${t('gis.point.accessible')}</dt><dd>${p.accessibleForLimitedMobility ? t('common.yes') : t('common.no')}</dd>
      ${p.activeFrom && html`<dt>${t('gis.point.activeFromShown')}</dt><dd>${formatTime(lang, p.activeFrom)}</dd>`}
      ${(p.cashRegisterIds ?? []).length > 0 && html`<dt>${t('gis.point.cashRegisters')}</dt><dd>${p.cashRegisterIds.join(', ')}</dd>`}
    </dl>
    ${(p.warnings ?? []).length > 0 && html`<div class="notice" role="note"><strong>${t('gis.point.warnings')}:</strong> ${p.warnings.join('; ')}</div>`}

    <h4>${t('gis.point.goods')}</h4>
    <ul class="goods">
      ${(p.goods ?? []).map((code: string) => html`<li key=${code}>
        <input type="checkbox" id=${`tru-${code}`} checked=${marked.includes(code)} onChange=${(e: Event) => setMarked(checked(e) ? [...marked, code] : marked.filter((c) => c !== code))} />
        <label for=${`tru-${code}`}><code>${code}</code></label>
      </li>`)}
    </ul>
    <div class="row">
      <button type="button" class="danger" disabled=${marked.length === 0 || blocked} onClick=${async () => { await action.run(() => gis(api, 'POST', `${path}/goods/remove`, { truCodes: marked })); setMarked([]); }}>${t('common.delete')}</button>
    </div>
    <form class="row" onSubmit=${async (e: Event) => { e.preventDefault(); const codes = truCode.split(/[\s,;]+/).filter(Boolean); if (codes.length && await action.run(() => gis(api, 'POST', `${path}/goods`, { truCodes: codes })) !== undefined) setTruCode(''); }}>
      <${Field} id="tru-code" label=${t('gis.point.truCode')}>
        <input id="tru-code" value=${truCode} onInput=${(e: Event) => setTruCode(inputValue(e))} placeholder="300000001.000000001" disabled=${blocked} />
      <//>
      <button type="submit" disabled=${blocked || action.busy}>${t('gis.point.apply')}</button>
    </form>

    <h4>${t('common.actions')}</h4>
    ${status === 'CREATED' && html`<div aria-labelledby="pre-title">
      <p id="pre-title">${t('gis.point.preconditions')}:</p>
      <ul class="checklist">${checks.map(([k, ok]) => html`<li class=${ok ? 'ok' : ''}>${t(`pre.${k}` as any)}<span class="visually-hidden">${ok ? ' ✓' : ' ✗'}</span></li>`)}</ul>
    </div>`}
    ${status === 'ON_ACTIVATION' && html`<p class="muted" role="status">${t('gis.point.waitTested')}</p>`}
    <div class="actions">
      ${actionButton('act-to-activation', t('gis.point.toActivation'), 'CREATED', () => action.run(() => gis(api, 'POST', `${path}/to-activation`)))}
      <div class="action">
        <label for="active-from">${t('gis.point.activeFrom')}</label>
        <input id="active-from" type="date" value=${activeFrom} onInput=${(e: Event) => setActiveFrom(inputValue(e))} />
        ${actionButton('act-activate', t('gis.point.activate'), 'TESTED', () => action.run(() => gis(api, 'POST', `${path}/activate`, { activeFrom })))}
      </div>
      ${actionButton('act-disable', t('gis.point.disable'), 'ACTIVATED', async () => { if (await ask(t('gis.point.confirmDisable', { name: p.name }))) await action.run(() => gis(api, 'POST', `${path}/disable`)); }, true)}
      ${actionButton('act-delete', t('common.delete'), 'CREATED', async () => {
        if (await ask(t('gis.point.confirmDelete', { name: p.name })) && await action.run(() => gis(api, 'DELETE', path)) !== undefined) onDeleted();
      }, true)}
      <${HideShow} path=${path} hidden=${p.hidden} onChanged=${changed} />
    </div>
    <${ErrorBox} error=${action.error} />
    ${dialog}
  </section>`;
}

// --- Treasury -----------------------------------------------------------------------------------------

function TreasuryView() {
  const { api, t, label, lang } = useEnv();
  const [pendingOnly, setPendingOnly] = useState(true);
  const applications = useLoad(() => gis(api, 'GET', `/treasury/applications${pendingOnly ? '?status=PENDING' : ''}`), [api, pendingOnly]);
  const merchants = useLoad(() => gis(api, 'GET', '/merchants?includeHidden=true'), [api]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const reload = () => { applications.reload(); merchants.reload(); };
  const action = useAction(reload);
  const { ask, dialog } = useConfirm();
  const names = new Map<string, string>((merchants.data?.merchants ?? []).map((m: Dict) => [m.id, m.name]));
  const reasonField = (key: string, text: string) => html`<label class="visually-hidden" for=${`reason-${key}`}>${text}</label>
    <input id=${`reason-${key}`} placeholder=${text} value=${reasons[key] ?? ''} onInput=${(e: Event) => setReasons({ ...reasons, [key]: inputValue(e) })} />`;
  return html`<div>
    <section class="card" aria-labelledby="treasury-apps">
      <h2 id="treasury-apps">${t('gis.treasury.applications')}</h2>
      <div class="field checkbox">
        <input id="pending-only" type="checkbox" checked=${pendingOnly} onChange=${(e: Event) => setPendingOnly(checked(e))} />
        <label for="pending-only">${t('gis.treasury.pendingOnly')}</label>
      </div>
      <${Table} caption=${t('gis.treasury.applications')} rows=${applications.data?.applications ?? []} rowKey=${(a: Dict) => a.id} columns=${[
        { title: t('common.id'), cell: (a: Dict) => a.id },
        { title: t('col.merchant'), cell: (a: Dict) => `${names.get(a.merchantId) ?? ''} (${a.merchantId})` },
        { title: t('gis.program.code'), cell: (a: Dict) => a.programCode },
        { title: t('gis.treasury.type'), cell: (a: Dict) => label('kind', a.kind) },
        { title: t('col.created'), cell: (a: Dict) => formatTime(lang, a.createdAt) },
        { title: t('common.status'), cell: (a: Dict) => html`<${StatusBadge} code=${a.status} />${a.reason ? html` <span class="muted">${a.reason}</span>` : ''}` },
        { title: t('common.actions'), cell: (a: Dict) => (a.status !== 'PENDING' ? '' : html`<div class="row">
          <button type="button" onClick=${() => action.run(() => gis(api, 'POST', `/treasury/applications/${a.id}/approve`))}>${t('gis.treasury.approve')}</button>
          ${reasonField(a.id, t('gis.program.reason'))}
          <button type="button" class="danger" onClick=${() => action.run(() => gis(api, 'POST', `/treasury/applications/${a.id}/reject`, { reason: reasons[a.id]?.trim() || '—' }))}>${t('gis.treasury.reject')}</button>
        </div>`) },
      ]} />
    </section>
    <section class="card" aria-labelledby="treasury-merchants">
      <h2 id="treasury-merchants">${t('gis.treasury.merchants')}</h2>
      <${Table} caption=${t('gis.treasury.merchants')} rows=${merchants.data?.merchants ?? []} rowKey=${(m: Dict) => m.id} columns=${[
        { title: t('common.id'), cell: (m: Dict) => m.id },
        { title: t('gis.name'), cell: (m: Dict) => m.name },
        { title: t('gis.inn'), cell: (m: Dict) => m.inn },
        { title: t('common.status'), cell: (m: Dict) => html`<${StatusBadge} code=${m.status} />` },
        { title: t('common.actions'), cell: (m: Dict) => (m.status === 'BLOCKED' ? '' : html`<div class="row">
          ${reasonField(`block-${m.id}`, t('gis.treasury.blockReason'))}
          <button type="button" class="danger" onClick=${async () => {
            if (await ask(t('gis.treasury.confirmBlock', { name: m.name }))) await action.run(() => gis(api, 'POST', `/treasury/merchants/${m.id}/block`, { reason: reasons[`block-${m.id}`]?.trim() || '—' }));
          }}>${t('gis.treasury.block')}</button>
        </div>`) },
      ]} />
    </section>
    <${ErrorBox} error=${action.error ?? applications.error ?? merchants.error} />
    ${dialog}
  </div>`;
}
