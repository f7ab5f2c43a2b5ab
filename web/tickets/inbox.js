// #/tickets?state&category&channel&unit&overdue&on&at_risk&q&sort&page: the desk's
// inbox (GET /api/v1/tickets, sorted, counted and paged by the server:
// pager.js), the filter in the hash so that reload and Back show the same
// rows. Each row: the number, when and how it came, the category, the
// caller (masked by the server), the state and the unit, and its three
// deadlines with the time left, live: amber within 4 hours, red overdue,
// grey done; at risk only: a clock running out within the reminder's 4
// hours, now. The list is fetched again every 30 seconds, in place, the
// filter and the page kept. A card on a phone. The 督办 page is a click
// away.
import { get, query, items } from '../base/api.js';
import { t } from '../base/i18n.js';
import { h, table, field } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { pager } from '../base/pager.js';
import { allowed } from '../base/session.js';
import { STATES, CLOCKS, stateBadge, codeNames, clockCell, doneByState, dueMs, today, tickAll } from './common.js';

const PAGE_SIZE = 50;
const REFRESH_MS = 30 * 1000;
const FILTERS = ['state', 'category', 'channel', 'unit', 'overdue', 'on', 'at_risk', 'q'];

// How pressing a row is now: done (closed or merged), overdue (a clock
// past its deadline), risk (one within 4 hours) or ok.
function urgencyOf(x) {
  if (x.state === 'closed' || x.state === 'merged') return 'done';
  const open = CLOCKS.filter((c) => !doneByState(x.state, c) && x.deadlines && x.deadlines[c]);
  const left = open.map((c) => dueMs(x.deadlines[c]) - Date.now());
  return left.some((l) => l < 0) ? 'overdue' : left.some((l) => l <= 4 * 3600 * 1000) ? 'risk' : 'ok';
}

export function ticketsTable(rows, { navigate, sorting, names, unitName }) {
  const link = (x) => `#/tickets/${encodeURIComponent(x.id)}`;
  const clockColumn = (clock, sortBy) => ({
    key: clock, sortBy, label: t(`ticket.clock.${clock}`), class: 'clock-col',
    cell: (x) => clockCell(clock, x.deadlines && x.deadlines[clock], doneByState(x.state, clock)),
  });
  const columns = [
    { key: 'number', sortBy: 'number', label: t('ticket.number'), cell: (x) => h('a', { href: link(x), 'data-testid': 'open-ticket', 'data-raw': '' }, x.number) },
    { key: 'received_at', sortBy: 'received_at', label: t('ticket.received_at'), cell: (x) => h('span', { 'data-raw': '' }, fmt.instant(x.received_at).slice(0, 16)) },
    { key: 'channel', label: t('ticket.channel'), cell: (x) => names.channels.get(x.channel) || x.channel },
    { key: 'category', sortBy: 'category', label: t('ticket.category'), class: 'wrap', cell: (x) => x.category_name || names.categories.get(x.category) || x.category },
    { key: 'caller', label: t('ticket.caller'), cell: (x) => h('span', { class: 'caller', 'data-raw': '' }, [x.caller && x.caller.name, x.caller && x.caller.phone].filter(Boolean).join(' ') || t('common.none')) },
    // Overdue as of the day asked (by its end); at risk now. A clock at
    // risk now that runs out later today is at risk, not yet overdue.
    { key: 'state', sortBy: 'state', label: t('ticket.state'), cell: (x) => [stateBadge(x.state),
      x.overdue && !(x.at_risk && urgencyOf(x) !== 'overdue') ? [' ', h('span', { class: 'badge badge-bad', 'data-testid': 'overdue-badge' }, t('ticket.overdue_badge'))] : null,
      x.at_risk ? [' ', h('span', { class: 'badge badge-warn', 'data-testid': 'at-risk-badge' }, t('ticket.at_risk_badge'))] : null] },
    { key: 'unit', label: t('ticket.unit'), cell: (x) => (x.unit ? h('span', { 'data-raw': '' }, unitName(x.unit)) : h('span', { class: 'muted' }, t('ticket.unassigned'))) },
    clockColumn('contact', null),
    clockColumn('resolve', 'resolve_due'),
    clockColumn('close', 'close_due'),
  ];
  return table(columns, rows, {
    testid: 'tickets-table',
    sorting,
    cards: true,
    rowProps: (x) => {
      const kind = urgencyOf(x);
      return {
        class: `clickable${kind === 'overdue' ? ' row-over' : kind === 'risk' ? ' row-alert' : kind === 'done' ? ' row-done' : ''}`,
        dataset: { id: x.id, number: x.number, state: x.state, urgency: kind },
        onclick: (e) => { if (!e.target.closest('a')) navigate(link(x)); },
      };
    },
  });
}

export async function render(view, ctx) {
  const filter = Object.fromEntries(FILTERS.map((k) => [k, ctx.query.get(k) || '']));
  const [codes, units] = await Promise.all([
    get('/api/v1/tickets/codes').catch(() => ({})),
    get('/api/v1/units').then(items).catch(() => []),
  ]);
  const names = codeNames(codes);
  const unitNames = new Map(units.map((u) => [u.code, u.name]));
  const unitName = (code) => (unitNames.has(code) ? `${unitNames.get(code)}` : code);

  const select = (name, all, options) => h('select', { name, 'data-testid': `filter-${name}` },
    h('option', { value: '' }, all),
    options.map(([value, label]) => h('option', { value, selected: value === filter[name] }, label)));
  const state = select('state', t('ticket.state_all'), [['open', t('ticket.state_open')], ...STATES.map((s) => [s, t(`ticket.state.${s}`)])]);
  const category = select('category', t('ticket.all'), (codes.categories || []).map((c) => [c.code, c.name]));
  const channel = select('channel', t('ticket.all'), (codes.channels || []).map((c) => [c.code, c.name]));
  const unit = select('unit', t('ticket.all'), units.map((u) => [u.code, u.name]));
  const overdue = h('input', { type: 'checkbox', name: 'overdue', checked: filter.overdue === '1', 'data-testid': 'filter-overdue' });
  const on = h('input', { type: 'date', name: 'on', value: filter.on || today(), max: today(), 'data-testid': 'filter-on' });
  const atRisk = h('input', { type: 'checkbox', name: 'at_risk', checked: filter.at_risk === '1', 'data-testid': 'filter-at_risk' });
  const q = h('input', { type: 'search', name: 'q', value: filter.q, placeholder: t('ticket.q_hint'), autocomplete: 'off', 'data-testid': 'filter-q' });

  const form = h('form', { class: 'card filters', 'data-testid': 'tickets-filter', onsubmit: (e) => {
    e.preventDefault();
    // A new filter starts on the first page, in the same order.
    const s = query({
      state: state.value, category: category.value, channel: channel.value, unit: unit.value,
      overdue: overdue.checked ? '1' : '', on: overdue.checked && on.value !== today() ? on.value : '',
      at_risk: atRisk.checked ? '1' : '', q: q.value.trim(), sort: ctx.query.get('sort') || '',
    });
    ctx.navigate(s ? `#/tickets?${s}` : '#/tickets');
  } },
  h('div', { class: 'filter-fields' },
    field('filter-state', t('ticket.state'), state),
    field('filter-category', t('ticket.category'), category),
    field('filter-channel', t('ticket.channel'), channel),
    field('filter-unit', t('ticket.unit'), unit),
    field('filter-q', t('ticket.q'), q),
    h('div', { class: 'field overdue-field' },
      h('label', { class: 'check' }, overdue, ' ', t('ticket.overdue_only')),
      h('label', { for: 'filter-on', class: 'hint' }, t('ticket.overdue_on')),
      on,
      h('label', { class: 'check', title: t('ticket.at_risk_hint') }, atRisk, ' ', t('ticket.at_risk_only')))),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'filter-submit' }, t('ticket.filter')),
    h('a', { class: 'btn', href: '#/tickets', 'data-testid': 'filter-reset' }, t('ticket.reset')),
    h('span', { class: 'spacer' }),
    h('small', { class: 'hint' }, t('ticket.refreshed'))));
  on.id = 'filter-on';

  view.append(
    h('div', { class: 'page-head' },
      h('h1', null, t('ticket.inbox_title')),
      h('div', { class: 'actions' },
        allowed({ method: 'GET', path: '/api/v1/tickets/escalations' }) ? h('a', { class: 'btn', href: '#/tickets/escalations', 'data-testid': 'tickets-escalations' }, t('ticket.escalations')) : null,
        allowed({ method: 'POST', path: '/api/v1/tickets' }) ? h('a', { class: 'btn btn-primary', href: '#/tickets/new', 'data-testid': 'ticket-new' }, t('ticket.new')) : null)),
    form);

  const params = {
    state: filter.state, category: filter.category, channel: filter.channel, unit: filter.unit,
    overdue: filter.overdue, on: filter.on, at_risk: filter.at_risk, q: filter.q, limit: PAGE_SIZE,
  };
  const makeList = () => pager(
    (p) => get('/api/v1/tickets', { ...params, ...p }),
    (rows, sorting) => (rows.length ? ticketsTable(rows, { navigate: ctx.navigate, sorting, names, unitName })
      : h('p', { class: 'empty', 'data-testid': 'tickets-empty' }, t('ticket.none'))),
    { testid: 'tickets-list', ctx, pageSize: PAGE_SIZE });
  const section = h('section', { class: 'card' });
  let list = makeList();
  section.append(list);
  view.append(section);
  await list.ready;

  // Every 30 seconds the rows again, swapped in when they have come (the
  // old ones stay meanwhile), and the time left of each clock.
  const timer = setInterval(async () => {
    if (!view.isConnected) return;
    const next = makeList();
    await next.ready;
    if (!view.isConnected || !list.isConnected) return;
    list.replaceWith(next);
    list = next;
    tickAll(view);
  }, REFRESH_MS);
  return () => clearInterval(timer);
}
