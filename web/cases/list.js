// #/cases?state&sort&page: the caller's units' cases (GET /api/v1/cases,
// sorted and counted by the server, paged by number: pager.js), the filter
// in the hash so that reload and Back show the same rows. Each row: the
// number, the party (masked by the server), the plate, the violation and
// the state in words, and the next step with its days left, red when
// overdue and amber when at most three days remain; a card on a phone.
import { get, query } from '../base/api.js';
import { t } from '../base/i18n.js';
import { h, table, field } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { pager } from '../base/pager.js';
import { allowed } from '../base/session.js';
import { STATES, stateBadge, violationText, nextName, nextStep, urgency } from './common.js';

const PAGE_SIZE = 50;

function partyCell(c) {
  const p = c.party;
  if (!p || !p.name) return h('span', { class: 'muted' }, t('common.none'));
  return h('span', { class: 'party-cell' }, h('span', { 'data-raw': '' }, p.name),
    p.id_number ? h('small', { class: 'muted', 'data-raw': '' }, ` ${p.id_number}`) : null);
}

function plateCell(c) {
  const plate = c.vehicle && c.vehicle.plate;
  return plate ? h('span', { class: 'plate', 'data-raw': '' }, plate) : t('common.none');
}

// The next step of a row: its name (from the state: the list gives the
// day only), the day and the days left.
function nextCell(c) {
  const due = c.next_due;
  if (due && typeof due === 'object') return nextStep(due.name, due.day, due.days_left);
  return nextStep(due ? nextName(c.state) : null, due, due ? c.days_left : null);
}

export function casesTable(rows, { navigate, sorting }) {
  const link = (c) => `#/cases/${encodeURIComponent(c.id)}`;
  const columns = [
    { key: 'number', sortBy: 'id', label: t('case.number'), cell: (c) => h('a', { href: link(c), 'data-testid': 'open-case' }, c.number) },
    { key: 'party', label: t('case.party'), cell: partyCell },
    { key: 'plate', label: t('case.plate'), cell: plateCell },
    { key: 'violation', label: t('case.violation'), class: 'wrap', cell: (c) => violationText(c.violation) },
    { key: 'opened_on', sortBy: 'opened_on', label: t('case.opened_on'), cell: (c) => fmt.date(c.opened_on) },
    { key: 'state', sortBy: 'state', label: t('case.state'), cell: (c) => stateBadge(c.state) },
    { key: 'next', sortBy: 'next_due', label: t('case.next'), cell: nextCell },
  ];
  return table(columns, rows, {
    testid: 'cases-table',
    sorting,
    cards: true,
    rowProps: (c) => {
      const u = c.next_due ? urgency(typeof c.next_due === 'object' ? c.next_due.days_left : c.days_left) : null;
      return {
        class: `clickable${u === 'overdue' ? ' row-over' : u === 'risk' ? ' row-alert' : ''}`,
        dataset: { id: c.id, state: c.state, urgency: u || 'none' },
        onclick: (e) => { if (!e.target.closest('a')) navigate(link(c)); },
      };
    },
  });
}

export async function render(view, ctx) {
  const state = ctx.query.get('state') || '';
  const sort = ctx.query.get('sort') || '';
  const stateSelect = h('select', { name: 'state', 'data-testid': 'cases-state', onchange: () => {
    const q = query({ state: stateSelect.value, sort });
    ctx.navigate(q ? `#/cases?${q}` : '#/cases');
  } },
  h('option', { value: '' }, t('case.state_all')),
  h('option', { value: 'open', selected: state === 'open' }, t('case.state_open')),
  STATES.map((s) => h('option', { value: s, selected: s === state }, t(`case.state.${s}`))));

  view.append(
    h('div', { class: 'page-head' },
      h('h1', null, t('case.list_title')),
      allowed({ method: 'POST', path: '/api/v1/cases' }) ? h('a', { class: 'btn btn-primary', href: '#/cases/new', 'data-testid': 'case-new' }, t('case.new')) : null),
    h('form', { class: 'toolbar', onsubmit: (e) => e.preventDefault() }, field('cases-state', t('case.state'), stateSelect)));

  const list = pager(
    (params) => get('/api/v1/cases', { state, limit: PAGE_SIZE, ...params }),
    (rows, sorting) => (rows.length ? casesTable(rows, { navigate: ctx.navigate, sorting })
      : h('p', { class: 'empty', 'data-testid': 'cases-empty' }, t('case.none'))),
    { testid: 'cases-list', ctx, pageSize: PAGE_SIZE });
  view.append(h('section', { class: 'card' }, list));
  await list.ready;
}
