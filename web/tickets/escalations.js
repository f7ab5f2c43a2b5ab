// #/tickets/escalations?on&unit: the supervisor's 督办 list of a day (GET
// /api/v1/tickets/escalations; today by default, a past day as it stood at
// its end): the totals (at risk, overdue, urged, circulated, and the
// notices that fall on the day), then per unit a card with its counts and
// its tickets, each by the clock that runs out first: the deadline and the
// time left or overdue by (live today, as of the day's end for a past
// day), the level as a badge (amber at risk, red overdue, darker red urged
// or circulated), the day's notice (提醒, 催办, 通报) and the days of the
// urging notice and of the circular. The day and the unit are in the hash
// so that reload and Back show the same list; today's is fetched again
// every minute, in place. A card per ticket on a phone.
import { get, query, items } from '../base/api.js';
import { t } from '../base/i18n.js';
import { h, table, field } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { stateBadge, clockLeft, span, today, tickAll } from './common.js';

const REFRESH_MS = 60 * 1000;
const LEVELS = ['at_risk', 'overdue', 'urge', 'circular'];
const LEVEL_BADGE = { at_risk: 'warn', overdue: 'bad', urge: 'urge', circular: 'circular' };
const raw = (text) => h('span', { 'data-raw': '' }, text);

// The deadline as the clock counts it: the contact's instant; a day's
// deadline (due: the end of that day, the next day's 00:00) as its day.
function dueText(clock, due) {
  if (clock === 'contact') return fmt.instant(due).slice(0, 16);
  return new Date(Date.parse(due) - 1000 + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// The time left: live on today's list (common.js ticks it), as of the
// day's end on a past day's (left_s, counted by the server).
function leftView(x, live) {
  if (live) return clockLeft(x.clock, x.due, false);
  const kind = x.left_s < 0 ? 'overdue' : 'risk';
  return h('span', { class: `clock-left due-${kind}`, 'data-testid': `left-${x.clock}`, dataset: { urgency: kind } },
    t(x.left_s < 0 ? 'ticket.over' : 'ticket.left', { time: span(x.left_s * 1000) }));
}

export function levelBadge(level) {
  return h('span', { class: `badge badge-${LEVEL_BADGE[level] || 'bad'} level-badge`, 'data-testid': 'level', dataset: { level } },
    t(`ticket.level.${level}`));
}

function itemsTable(list, live) {
  const day = (d) => (d ? raw(fmt.date(d)) : h('span', { class: 'muted' }, t('common.none')));
  return table([
    { key: 'number', label: t('ticket.number'), cell: (x) => h('a', { href: `#/tickets/${encodeURIComponent(x.id)}`, 'data-testid': 'open-ticket', 'data-raw': '' }, x.number) },
    { key: 'category', label: t('ticket.category'), class: 'wrap', cell: (x) => x.category_name || x.category },
    { key: 'state', label: t('ticket.state'), cell: (x) => stateBadge(x.state) },
    { key: 'officer', label: t('ticket.officer'), cell: (x) => (x.officer ? raw(x.officer) : h('span', { class: 'muted' }, t('common.none'))) },
    { key: 'clock', label: t('ticket.e.clock'), cell: (x) => h('span', { dataset: { clock: x.clock } }, t(`ticket.clock.${x.clock}`)) },
    { key: 'due', label: t('ticket.e.due'), cell: (x) => h('span', { class: 'clock' }, h('span', { class: 'clock-due', 'data-raw': '' }, dueText(x.clock, x.due)), leftView(x, live)) },
    { key: 'level', label: t('ticket.e.level'), cell: (x) => levelBadge(x.level) },
    { key: 'notice', label: t('ticket.e.notice'), cell: (x) => (x.notice
      ? h('strong', { class: `notice-of-day notice-${x.notice}`, 'data-testid': 'notice', dataset: { notice: x.notice } }, t(`ticket.notice.${x.notice}`))
      : h('span', { class: 'muted', 'data-testid': 'notice', dataset: { notice: '' } }, t('common.none'))) },
    { key: 'urge_on', label: t('ticket.e.urge_on'), cell: (x) => day(x.urge_on) },
    { key: 'circular_on', label: t('ticket.e.circular_on'), cell: (x) => day(x.circular_on) },
  ], list, {
    testid: 'escalation-table',
    cards: true,
    rowProps: (x) => ({ class: x.level === 'at_risk' ? 'row-alert' : 'row-over', dataset: { id: x.id, number: x.number, level: x.level, notice: x.notice || '' } }),
  });
}

// A unit's counts: at risk, overdue, and of the overdue those urged and
// circulated.
function counts(c) {
  const badge = (l) => h('span', {
    class: `badge ${c[l] ? `badge-${LEVEL_BADGE[l]}` : 'badge-muted'}`, 'data-testid': `count-${l}`, dataset: { count: c[l] },
  }, `${t(`ticket.level.${l}`)} ${fmt.int(c[l])}`);
  return h('div', { class: 'badges escalation-counts' },
    badge('at_risk'), badge('overdue'),
    h('span', { class: 'muted escalation-of' }, t('ticket.e.of_which')), badge('urge'), badge('circular'));
}

function unitCard(u, unitName, live) {
  const name = u.unit ? raw(unitName(u.unit)) : t('ticket.e.unassigned');
  return h('section', { class: 'card escalation-unit', 'data-testid': 'escalation-unit', dataset: { unit: u.unit } },
    h('div', { class: 'escalation-unit-head' },
      h('h2', null, name),
      counts(u),
      h('span', { class: 'spacer' }),
      u.unit ? h('a', { class: 'btn btn-small', href: `#/tickets?${query({ unit: u.unit, state: 'open' })}`, 'data-testid': 'unit-inbox' }, t('ticket.e.in_inbox')) : null),
    itemsTable(u.items, live));
}

function figure(key, label, value, extra) {
  return h('div', { class: 'figure', 'data-figure': key, 'data-testid': `figure-${key}`, dataset: { value } },
    h('span', { class: 'figure-label' }, label),
    h('span', { class: 'figure-value' }, fmt.int(value)),
    extra || null);
}

// The answer drawn: the totals, the day's notices, a card per unit.
function results(r, unitName, filter) {
  const live = r.on === today();
  const all = r.units.flatMap((u) => u.items);
  const notices = { remind: 0, urge: 0, circular: 0 };
  for (const x of all) if (x.notice) notices[x.notice] += 1;
  const noticeCount = notices.remind + notices.urge + notices.circular;
  const out = h('div', { class: 'escalations', 'data-testid': 'escalations', dataset: { on: r.on, total: all.length } },
    h('p', { class: 'hint', 'data-testid': 'escalations-as-of' },
      live ? t('ticket.e.as_of_now', { at: fmt.instant(r.at).slice(0, 16) }) : t('ticket.e.as_of_end', { day: r.on }), ' ',
      t('ticket.e.rules', { hours: r.remind_hours, urge: r.urge_days, circular: r.circular_working_days })),
    h('div', { class: 'figures escalation-figures' },
      LEVELS.map((l) => figure(l, t(`ticket.e.total.${l}`), r.totals[l])),
      figure('notices', t('ticket.e.notices'), noticeCount,
        h('small', { class: 'figure-cmps' }, t('ticket.e.notices_of', notices)))));
  if (!r.units.length) {
    out.append(h('section', { class: 'card' },
      h('p', { class: 'empty', 'data-testid': 'escalations-empty' }, t(filter.unit ? 'ticket.e.none_unit' : 'ticket.e.none', { day: r.on, unit: unitName(filter.unit) })),
      h('a', { class: 'btn', href: '#/tickets?state=open' }, t('ticket.e.open_inbox'))));
  }
  for (const u of r.units) out.append(unitCard(u, unitName, live));
  return out;
}

export async function render(view, ctx) {
  const filter = { on: ctx.query.get('on') || '', unit: ctx.query.get('unit') || '' };
  const units = await get('/api/v1/units').then(items).catch(() => []);
  const unitNames = new Map(units.map((u) => [u.code, u.name]));
  const unitName = (code) => unitNames.get(code) || code;

  const on = h('input', { type: 'date', name: 'on', value: filter.on || today(), max: today(), required: true, 'data-testid': 'escalations-on' });
  const unit = h('select', { name: 'unit', 'data-testid': 'escalations-unit' },
    h('option', { value: '' }, t('ticket.all')),
    units.map((u) => h('option', { value: u.code, selected: u.code === filter.unit }, u.name)));
  const form = h('form', { class: 'card filters', 'data-testid': 'escalations-filter', onsubmit: (e) => {
    e.preventDefault();
    // Today is the default: left out of the hash, so that a bookmark stays "today".
    const day = on.value && on.value < today() ? on.value : '';
    const s = query({ on: day, unit: unit.value });
    ctx.navigate(s ? `#/tickets/escalations?${s}` : '#/tickets/escalations');
  } },
  h('div', { class: 'filter-fields' },
    field('escalations-on', t('ticket.e.on'), on),
    field('escalations-unit', t('ticket.unit'), unit),
    h('div', { class: 'field field-button' },
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'escalations-submit' }, t('ticket.e.show')),
        h('a', { class: 'btn', href: '#/tickets/escalations', 'data-testid': 'escalations-today' }, t('ticket.e.today'))))));

  // Enter submits from the unit's select too (an input submits by itself).
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.isComposing && e.target.tagName === 'SELECT') { e.preventDefault(); form.requestSubmit(); }
  });

  view.append(
    h('div', { class: 'page-head' },
      h('h1', null, t('ticket.e.title')),
      h('a', { class: 'btn', href: '#/tickets', 'data-testid': 'escalations-back' }, t('ticket.back'))),
    form);

  const params = { on: filter.on, unit: filter.unit };
  let shown = results(await get('/api/v1/tickets/escalations', params), unitName, filter);
  view.append(shown);
  if (filter.on && filter.on < today()) return undefined;

  // Today's list: the time left ticks every 30 seconds; the list itself is
  // fetched again every minute and swapped in when it has come.
  let ticks = 0;
  const timer = setInterval(async () => {
    if (!view.isConnected) return;
    ticks += 1;
    tickAll(view);
    if (ticks % (REFRESH_MS / 30000)) return;
    try {
      const next = results(await get('/api/v1/tickets/escalations', params), unitName, filter);
      if (!view.isConnected || !shown.isConnected) return;
      shown.replaceWith(next);
      shown = next;
    } catch { /* the list shown stays; the next minute tries again */ }
  }, 30 * 1000);
  return () => clearInterval(timer);
}
