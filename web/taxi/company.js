// #/taxi/company?id=ID: a taxi company (GET /api/v1/taxi/companies/{id}):
// its credit code (whole: public register data), fleet, drivers by the
// grade of their current cycle, the complaint tickets about its
// vehicles, and its drivers with their standing, worst first on request
// (GET /api/v1/taxi/drivers?company=ID, paged, the page in the hash).
import { get } from '../base/api.js';
import { t } from '../base/i18n.js';
import { h } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { pager } from '../base/pager.js';
import { raw, gradeChips, rate } from './common.js';
import { driversTable } from './registry.js';

const PAGE_SIZE = 50;

export async function render(view, ctx) {
  const id = ctx.query.get('id') || '';
  view.append(h('p', null, h('a', { href: '#/taxi', 'data-testid': 'taxi-back' }, `← ${t('taxi.back')}`)));
  if (!id) {
    view.append(h('h1', null, t('taxi.company_title')), h('p', { class: 'empty' }, t('taxi.companies_none')));
    return;
  }
  const c = await get(`/api/v1/taxi/companies/${encodeURIComponent(id)}`);
  view.append(h('h1', { 'data-testid': 'company-name' }, raw(c.name)),
    h('section', { class: 'card taxi-company' },
      h('dl', { class: 'facts', 'data-testid': 'company-facts' },
        h('dt', null, t('taxi.credit_code')), h('dd', { 'data-testid': 'company-code' }, raw(c.credit_code)),
        h('dt', null, t('taxi.vehicles')), h('dd', null, fmt.int(c.vehicles)),
        h('dt', null, t('taxi.drivers')), h('dd', null, fmt.int(c.drivers)),
        h('dt', null, t('taxi.standing')), h('dd', null, gradeChips(c.standing)),
        h('dt', null, t('taxi.complaints')), h('dd', { 'data-testid': 'company-complaints' }, fmt.int(c.complaints), ' ', h('small', { class: 'muted' }, t('taxi.complaints_hint'))),
        h('dt', null, t('taxi.complaint_rate')), h('dd', { 'data-testid': 'company-complaint-rate' }, rate(c.complaints_per_100_vehicles)))));
  const list = pager(
    (params) => get('/api/v1/taxi/drivers', { company: id, limit: PAGE_SIZE, ...params }),
    (rows, sorting) => (rows.length ? driversTable(rows, { navigate: ctx.navigate, sorting, company: false })
      : h('p', { class: 'empty' }, t('taxi.drivers_none'))),
    { testid: 'company-drivers', ctx, pageSize: PAGE_SIZE });
  view.append(h('section', { class: 'card' }, h('h2', null, t('taxi.drivers')), list));
  await list.ready;
}
