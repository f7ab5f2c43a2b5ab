// #/taxi and #/taxi/drivers?q: the city's taxi registry (city-wide: no
// unit scope). The companies with their fleets, drivers, the drivers'
// grades of the current cycle and the complaint tickets about their
// vehicles; the drivers, searched by name, certificate, plate
// or ID number, each with its certificate's state and its score. Both
// lists are sorted, counted and paged by the server (pager.js), the
// search and the page in the hash.
import { get, query } from '../base/api.js';
import { t } from '../base/i18n.js';
import { h, table, field } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { pager } from '../base/pager.js';
import { raw, scoreBadge, certBadge, gradeChips, rate } from './common.js';

const PAGE_SIZE = 50;

function tabs(current) {
  const tab = (id, href, label) => h('a', { href, class: `tab${id === current ? ' tab-current' : ''}`, 'aria-current': id === current ? 'page' : null, 'data-testid': `taxi-tab-${id}` }, label);
  return h('nav', { class: 'taxi-tabs', 'aria-label': t('taxi.title') },
    tab('companies', '#/taxi', t('taxi.tab_companies')), tab('drivers', '#/taxi/drivers', t('taxi.tab_drivers')));
}

function head(view, current) {
  view.append(h('div', { class: 'page-head' }, h('h1', null, t('taxi.title'))),
    h('p', { class: 'hint' }, t('taxi.city_wide')), tabs(current));
}

export const companyLink = (c) => `#/taxi/company?id=${encodeURIComponent(c.id)}`;
export const driverLink = (d) => `#/taxi/driver?id=${encodeURIComponent(d.id)}`;

function companiesTable(rows, { navigate, sorting }) {
  return table([
    { key: 'name', sortBy: 'name', label: t('taxi.company'), class: 'wrap', cell: (c) => h('a', { href: companyLink(c), 'data-testid': 'open-company', 'data-raw': '' }, c.name) },
    { key: 'credit_code', label: t('taxi.credit_code'), cell: (c) => raw(c.credit_code) },
    { key: 'vehicles', sortBy: 'vehicles', label: t('taxi.vehicles'), class: 'num', cell: (c) => fmt.int(c.vehicles) },
    { key: 'drivers', sortBy: 'drivers', label: t('taxi.drivers'), class: 'num', cell: (c) => fmt.int(c.drivers) },
    { key: 'standing', label: t('taxi.standing'), cell: (c) => gradeChips(c.standing) },
    { key: 'complaints', label: t('taxi.complaints'), class: 'num', cell: (c) => h('span', { title: t('taxi.complaints_hint') }, fmt.int(c.complaints)) },
    { key: 'complaint_rate', label: t('taxi.complaint_rate'), class: 'num', cell: (c) => rate(c.complaints_per_100_vehicles) },
  ], rows, {
    testid: 'taxi-companies-table', sorting, cards: true,
    rowProps: (c) => ({ class: 'clickable', dataset: { id: c.id }, onclick: (e) => { if (!e.target.closest('a')) navigate(companyLink(c)); } }),
  });
}

export function driversTable(rows, { navigate, sorting, company = true }) {
  return table([
    { key: 'name', sortBy: 'name', label: t('taxi.name'), cell: (d) => h('a', { href: driverLink(d), 'data-testid': 'open-driver', 'data-raw': '' }, d.name) },
    { key: 'certificate_no', sortBy: 'certificate_no', label: t('taxi.certificate'), cell: (d) => raw(d.certificate_no) },
    company ? { key: 'company', sortBy: 'company', label: t('taxi.company'), class: 'wrap', cell: (d) => raw(d.company.name) } : null,
    { key: 'plate', sortBy: 'plate', label: t('taxi.plate'), cell: (d) => (d.plate ? h('span', { class: 'plate', 'data-raw': '' }, d.plate) : t('common.none')) },
    { key: 'phone', label: t('taxi.phone'), cell: (d) => raw(d.phone) },
    { key: 'valid_to', sortBy: 'valid_to', label: t('taxi.validity'), cell: (d) => h('span', null, fmt.date(d.valid_to), ' ', certBadge(d.certificate_state)) },
    { key: 'score', label: t('taxi.score'), cell: (d) => scoreBadge(d.reputation) },
  ].filter(Boolean), rows, {
    testid: 'taxi-drivers-table', sorting, cards: true,
    rowProps: (d) => ({ class: 'clickable', dataset: { id: d.id, grade: d.reputation ? d.reputation.grade : '' }, onclick: (e) => { if (!e.target.closest('a')) navigate(driverLink(d)); } }),
  });
}

export async function renderCompanies(view, ctx) {
  head(view, 'companies');
  const list = pager(
    (params) => get('/api/v1/taxi/companies', { limit: PAGE_SIZE, ...params }),
    (rows, sorting) => (rows.length ? companiesTable(rows, { navigate: ctx.navigate, sorting })
      : h('p', { class: 'empty', 'data-testid': 'taxi-companies-empty' }, t('taxi.companies_none'))),
    { testid: 'taxi-companies', ctx, pageSize: PAGE_SIZE });
  view.append(h('section', { class: 'card' }, list));
  await list.ready;
}

export async function renderDrivers(view, ctx) {
  head(view, 'drivers');
  const q = ctx.query.get('q') || '';
  const input = h('input', { type: 'search', name: 'q', value: q, 'data-testid': 'taxi-search', autocomplete: 'off', placeholder: t('taxi.search_hint') });
  view.append(h('form', { class: 'toolbar taxi-search', 'data-testid': 'taxi-search-form', onsubmit: (e) => {
    e.preventDefault();
    const next = query({ q: input.value.trim() });
    ctx.navigate(next ? `#/taxi/drivers?${next}` : '#/taxi/drivers');
  } }, field('taxi-search', t('taxi.search'), input), h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'taxi-search-go' }, t('taxi.search_go'))));
  const list = pager(
    (params) => get('/api/v1/taxi/drivers', { q, limit: PAGE_SIZE, ...params }),
    (rows, sorting) => (rows.length ? driversTable(rows, { navigate: ctx.navigate, sorting })
      : h('p', { class: 'empty', 'data-testid': 'taxi-drivers-empty' }, t('taxi.drivers_none'))),
    { testid: 'taxi-drivers', ctx, pageSize: PAGE_SIZE });
  view.append(h('section', { class: 'card' }, list));
  await list.ready;
}
