// #/site-status?from&to: each site's liveness (last_seen_at, which file
// imports move too, and the silent flag) and its verification certificate
// judged against the period shown: expired during it (or before it),
// expiring within 30 days of its end, or valid; the expiring and expired
// ones listed first. The period defaults to the month of the data's latest
// day. GET /api/v1/sites and GET /api/v1/units (the units' names).
import { get, items } from '../base/api.js';
import { t, tv } from '../base/i18n.js';
import { h } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { badge, liveness } from './badges.js';
import { presetPeriod, periodForm } from './dashboard.js';
import { sortTable } from '../base/sorttable.js';
import { units, unitNamer } from './units.js';

const SOON_DAYS = 30;

const dayNumber = (s) => Math.round(Date.parse(`${String(s).slice(0, 10)}T00:00:00Z`) / 86400000);

// 'expired' (its validity ended on or before the period's end), 'expiring'
// (it ends within SOON_DAYS after the period's end), 'not_yet' (it starts
// after the period), else 'valid'.
export function certificateStatus(site, from, to) {
  const end = dayNumber(site.cert_valid_to);
  if (end < dayNumber(to)) return 'expired';
  if (end <= dayNumber(to) + SOON_DAYS) return 'expiring';
  if (dayNumber(site.cert_valid_from) > dayNumber(from)) return 'not_yet';
  return 'valid';
}

const STATUS_BADGE = { expired: 'bad', expiring: 'warn', not_yet: 'warn', valid: 'ok' };
const STATUS_ORDER = { expired: 0, expiring: 1, not_yet: 2, valid: 3 };

export async function render(view, ctx) {
  let from = ctx.query.get('from');
  let to = ctx.query.get('to');
  if (!from || !to) {
    const range = await get('/api/v1/stats/range');
    [from, to] = presetPeriod('month', (range && range.to) || new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10));
  }
  const { form, message } = periodForm(from, to, (f, tt) => ctx.navigate(`#/site-status?from=${f}&to=${tt}`));
  view.append(h('h1', null, t('status.title')), h('p', { class: 'hint' }, t('status.hint', { from, to, days: SOON_DAYS })), form, message);

  const [sites, unitList] = await Promise.all([
    get('/api/v1/sites').then(items),
    units(),
  ]);
  const unitName = unitNamer(unitList);
  const rows = sites.map((s) => ({ ...s, status: certificateStatus(s, from, to), unit_name: unitName(s.unit) }));

  // The certificates to act on: expired, or expiring within SOON_DAYS.
  const soon = rows.filter((s) => s.status === 'expired' || s.status === 'expiring')
    .sort((a, b) => String(a.cert_valid_to).localeCompare(String(b.cert_valid_to)));
  view.append(h('section', { class: 'card', 'data-testid': 'expiring-list' },
    h('h2', null, t('status.expiring_title', { n: soon.length })),
    soon.length
      ? h('ul', { class: 'expiring' }, soon.map((s) => h('li', { dataset: { site: s.code } },
        badge(STATUS_BADGE[s.status], t(`status.cert.${s.status}`)), ' ',
        h('strong', null, s.name), ` (${s.code}) `, t('status.valid_to', { date: fmt.date(s.cert_valid_to) }), ' · ', s.unit_name)))
      : h('p', { class: 'empty', 'data-testid': 'expiring-none' }, t('status.expiring_none'))));

  const silent = rows.filter((s) => s.silent).length;
  view.append(h('section', { class: 'card' },
    h('h2', null, t('status.table_title'), ' ', h('small', { 'data-testid': 'status-counts' }, t('status.counts', { n: rows.length, silent }))),
    sortTable([
      { key: 'name', label: t('site.name'), cell: (s) => s.name },
      { key: 'code', label: t('site.code'), cell: (s) => s.code },
      { key: 'unit', label: t('site.unit'), cell: (s) => s.unit_name },
      { key: 'kind', label: t('site.kind'), cell: (s) => tv('site.kind', s.kind) },
      { key: 'last_seen', label: t('site.last_seen'), value: (s) => s.last_seen_at || '', cell: (s) => fmt.instant(s.last_seen_at) },
      { key: 'liveness', label: t('site.liveness'), value: (s) => (s.silent ? 0 : 1), cell: liveness },
      { key: 'cert_no', label: t('site.cert_no'), cell: (s) => s.cert_no },
      { key: 'cert_valid_to', label: t('status.cert_valid_to'), value: (s) => String(s.cert_valid_to), cell: (s) => fmt.date(s.cert_valid_to) },
      { key: 'cert', label: t('status.cert'), value: (s) => STATUS_ORDER[s.status], cell: (s) => badge(STATUS_BADGE[s.status], t(`status.cert.${s.status}`), `cert-${s.status}`) },
    // Cards on a phone (app.css puts the certificate's status second,
    // under the name): a scrolling table would hide its last columns.
    ], rows, { testid: 'status-table', sortKey: 'cert', desc: false, cards: true,
      rowProps: (s) => ({ dataset: { site: s.code, cert: s.status }, class: s.status === 'expired' || s.silent ? 'row-alert' : null }) })));
}
