// What the ticket pages share: the agency's now, a ticket's words (state,
// channel, category), the three clocks of "137" with their time left, live,
// coloured by how close they are (at risk within 4 hours: amber; overdue:
// red; done: grey), and the checks the browser makes before the server.
import { t, tv } from '../base/i18n.js';
import { h } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { fieldError } from '../base/form.js';

export { phoneOk, fieldError, clearErrors, escapeCloses } from '../base/form.js';

export const STATES = ['received', 'assigned', 'contacted', 'returned', 'resolved', 'called_back', 'closed', 'merged'];
export const CLOCKS = ['contact', 'resolve', 'close'];
const AT_RISK_MS = 4 * 3600 * 1000; // rules/tickets.json escalation.remind_hours
const OFFSET_MS = 8 * 3600 * 1000; // the agency's UTC+08:00

// The agency's today and now as a datetime-local value ('2024-03-04T09:00').
export function today() {
  return new Date(Date.now() + OFFSET_MS).toISOString().slice(0, 10);
}
export function nowLocal() {
  return new Date(Date.now() + OFFSET_MS).toISOString().slice(0, 16);
}

// An instant of the server ('2024-03-04T09:00:00+08:00') as a datetime-local
// value in the agency's time ('2024-03-04T09:00').
export function localValue(instant) {
  const ms = Date.parse(instant || '');
  return Number.isNaN(ms) ? '' : new Date(ms + OFFSET_MS).toISOString().slice(0, 16);
}

// A ticket's location in words, as the server words a case's place from
// it (src/tickets/case_open.c): '钢铁大街 K3.200', the road alone, the
// point '40.123456,111.654321', or the location's own text.
export function placeOf(location) {
  const loc = location || {};
  if (typeof loc.road === 'string' && typeof loc.km === 'number') return `${loc.road} K${loc.km.toFixed(3)}`;
  if (typeof loc.road === 'string') return loc.road;
  if (typeof loc.lat === 'number' && typeof loc.lon === 'number') return `${loc.lat.toFixed(6)},${loc.lon.toFixed(6)}`;
  return typeof loc.text === 'string' ? loc.text : '';
}

// '2024-03-04T09:00' (a datetime-local value) → '2024-03-04T09:00:00+08:00'.
export function localInstant(value) {
  if (!value) return '';
  return `${value.length === 16 ? `${value}:00` : value}+08:00`;
}

export const stateText = (s) => tv('ticket.state', s);

export function stateBadge(state) {
  const kind = { closed: 'muted', merged: 'muted', returned: 'warn', resolved: 'ok', called_back: 'ok', received: 'info' }[state] || 'info';
  return h('span', { class: `badge badge-${kind} ticket-state`, 'data-testid': 'ticket-state', dataset: { state } }, stateText(state));
}

// The codes' Chinese names (GET /api/v1/tickets/codes) by kind and code.
export function codeNames(codes) {
  const map = (list) => new Map((list || []).map((c) => [c.code, c.name]));
  return { channels: map(codes.channels), kinds: map(codes.kinds), categories: map(codes.categories) };
}

// The instant a deadline runs out, in ms: an instant as it is; a day's
// deadline at the end of that day, UTC+8.
export function dueMs(due) {
  if (!due) return null;
  if (due.length === 10) return Date.parse(`${due}T00:00:00+08:00`) + 86400 * 1000;
  return Date.parse(due);
}

// A list row's clocks done, from its state alone.
export function doneByState(state, clock) {
  const after = {
    contact: ['contacted', 'resolved', 'called_back', 'closed', 'merged'],
    resolve: ['resolved', 'called_back', 'closed', 'merged'],
    close: ['closed', 'merged'],
  }[clock];
  return after.includes(state);
}

// 3 d 4 h / 2 h 5 min / 12 min.
export function span(ms) {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60000));
  const d = Math.floor(minutes / 1440);
  const hh = Math.floor((minutes % 1440) / 60);
  const mm = minutes % 60;
  if (d) return [t('ticket.d', { n: d }), hh ? t('ticket.h', { n: hh }) : ''].filter(Boolean).join(' ');
  if (hh) return [t('ticket.h', { n: hh }), mm ? t('ticket.m', { n: mm }) : ''].filter(Boolean).join(' ');
  return t('ticket.m', { n: mm });
}

// done (grey), overdue (red), risk (amber, within 4 hours) or ok.
export function urgency(due, done, late) {
  if (done) return late ? 'late' : 'done';
  const left = due - Date.now();
  if (left < 0) return 'overdue';
  return left <= AT_RISK_MS ? 'risk' : 'ok';
}

// Writes the time left of a clock element (data-due, data-done) again:
// the inbox and the ticket page call it every 30 seconds.
export function tick(el) {
  const due = Number(el.dataset.due);
  const done = el.dataset.done === '1';
  const kind = urgency(due, done, el.dataset.late === '1');
  el.dataset.urgency = kind;
  el.className = `clock-left due-${kind}`;
  el.textContent = done ? t(kind === 'late' ? 'ticket.done_late' : 'ticket.done')
    : due - Date.now() < 0 ? t('ticket.over', { time: span(due - Date.now()) }) : t('ticket.left', { time: span(due - Date.now()) });
}

export function tickAll(root) {
  root.querySelectorAll('.clock-left[data-due]').forEach(tick);
}

// One clock: its deadline and the time left, live.
export function clockLeft(clock, due, done, late = false) {
  const el = h('span', { 'data-testid': `left-${clock}`, dataset: { clock, due: dueMs(due), done: done ? 1 : 0, late: late ? 1 : 0 } });
  tick(el);
  return el;
}

export function clockCell(clock, due, done, late) {
  if (!due) return h('span', { class: 'muted' }, t('common.none'));
  return h('span', { class: 'clock', dataset: { clock } },
    h('span', { class: 'clock-due', 'data-raw': '' }, due.length === 10 ? fmt.date(due) : fmt.instant(due).slice(5, 16)), ' ',
    clockLeft(clock, due, done, late));
}

// A plate of its usual form: a province, a letter, 5 or 6 characters.
export function plateOk(plate) {
  return /^[\u4e00-\u9fa5][A-Z][A-Z0-9]{4,5}[A-Z0-9\u4e00-\u9fa5]$/.test(String(plate || '').trim().toUpperCase());
}

// An instant input: now by default, never after it.
export function atInput(testid) {
  return h('input', { type: 'datetime-local', name: 'at', value: nowLocal(), max: nowLocal(), 'data-testid': testid });
}

export function checkAt(input) {
  if (input.value && input.value > nowLocal()) return fieldError(input, t('ticket.v.future'));
  return true;
}

// '12.5' → '12.5%'; a dash for none.
export const pct = (n) => (n === null || n === undefined ? t('common.none') : t('ticket.s.pct', { n }));
