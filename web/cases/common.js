// What the case pages share: the agency's today, a case's words (state,
// violation, next step and days left), money, and the checks the browser
// can make before the server does (resident ID by GB 11643, credit code by
// GB 32100, a phone number, an amount in yuan).
import { t, tv } from '../base/i18n.js';
import { h } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { fieldError } from '../base/form.js';

export { phoneOk, fieldError, clearErrors, escapeCloses } from '../base/form.js';

export const STATES = ['opened', 'notified', 'hearing_requested', 'heard', 'decided', 'served', 'paid',
  'demanded', 'enforced', 'referred', 'waived', 'closed'];

export const VIOLATIONS = ['overlimit_mass', 'overlimit_size', 'refuse_inspection', 'evade_inspection',
  'taxi_refuse', 'taxi_bargain', 'taxi_dump', 'taxi_detour', 'taxi_extra_passenger', 'taxi_meter', 'taxi_receipt',
  'taxi_equipment', 'taxi_dispatch', 'taxi_courtesy', 'taxi_touting', 'taxi_ticket_fraud'];

// The agency works in UTC+08:00 whatever the browser's zone (format.js):
// today is the day there, as the server counts it.
export function today() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// '2023-02-01T10:00' (a datetime-local value) → '2023-02-01T10:00:00+08:00'.
export function localInstant(value) {
  if (!value) return '';
  return `${value.length === 16 ? `${value}:00` : value}+08:00`;
}

export const stateText = (s) => tv('case.state', s);
export const violationText = (v) => tv('case.violation', v);

// The state as a badge: closed and the ends grey, the money steps green.
export function stateBadge(state) {
  const kind = { closed: 'muted', referred: 'muted', waived: 'muted', paid: 'ok', demanded: 'warn', enforced: 'bad' }[state] || 'info';
  return h('span', { class: `badge badge-${kind} case-state`, 'data-testid': 'case-state', dataset: { state } }, stateText(state));
}

// The deadline a case waits on in its state (the server's case_next_due),
// for a list row, which gives the day but not its name.
const NEXT = { opened: 'decision', notified: 'decision', hearing_requested: 'decision', heard: 'decision', decided: 'service', served: 'payment', closed: 'report_home' };
export const nextName = (state) => NEXT[state] || null;

// 'overdue' (days_left < 0), 'risk' (0–3 days) or 'ok'.
export function urgency(daysLeft) {
  if (daysLeft === null || daysLeft === undefined) return null;
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= 3) return 'risk';
  return 'ok';
}

// '剩 5 天' / '超期 12 天' / '今日到期', coloured by urgency.
export function daysLeft(n) {
  if (n === null || n === undefined) return null;
  const kind = urgency(n);
  const text = n < 0 ? t('case.overdue', { n: fmt.int(-n) }) : n === 0 ? t('case.due_today') : t('case.days_left', { n: fmt.int(n) });
  return h('span', { class: `due due-${kind}`, 'data-testid': 'days-left', dataset: { days: n, urgency: kind } }, text);
}

// The next step of a case: its name, its day and the days left.
export function nextStep(name, day, left) {
  if (!name && !day) return h('span', { class: 'muted' }, t('common.none'));
  return h('span', { class: 'next-step' },
    name ? h('span', { 'data-testid': 'next-name', dataset: { name } }, tv('case.due', name)) : null,
    day ? h('span', { class: 'muted' }, ` ${fmt.date(day)} `) : ' ',
    daysLeft(left));
}

// '20,500.00 元'; a dash for none.
export function money(fen) {
  if (fen === null || fen === undefined) return t('common.none');
  return `${fmt.yuan(fen)} ${t('case.yuan')}`;
}

// fen → the yuan an amount input takes: 2050000 → '20500', 1234 → '12.34'.
export function yuanInput(fen) {
  if (fen === null || fen === undefined) return '';
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents ? `${whole}.${String(cents).padStart(2, '0')}` : String(whole);
}

// '20500.5' → 2050050 fen; null when it is not an amount in yuan.
export function toFen(text) {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(String(text ?? ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

// GB 11643: 17 digits, then the check character of their weighted sum.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function residentIdOk(id) {
  const s = String(id || '').trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return '10X98765432'[sum % 11] === s[17];
}

// GB 32100: the unified social credit code's last character.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCodeOk(code) {
  const s = String(code || '').trim().toUpperCase();
  if (s.length !== 18 || [...s].some((c) => !USCC_CHARS.includes(c))) return false;
  const sum = USCC_WEIGHTS.reduce((acc, w, i) => acc + w * USCC_CHARS.indexOf(s[i]), 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] === s[17];
}

// A date input for an act's day: today by default, never after it.
export function dayInput(testid, value = today()) {
  return h('input', { type: 'date', name: 'on', value, max: today(), required: true, 'data-testid': testid });
}

// Checks a day input: given, and not after today.
export function checkDay(input) {
  if (!input.value) return fieldError(input, t('case.v.required'));
  if (input.value > today()) return fieldError(input, t('case.v.future'));
  return true;
}

// The numbers of body-worn camera recordings (执法记录仪), typed in one
// field separated by commas or blanks: the field, and its value as the API
// takes it (undefined when empty; null when more than 8 or one too long).
export function footageInput(testid) {
  return h('input', { name: 'footage', autocomplete: 'off', maxlength: 600, 'data-testid': testid });
}

export function footageOf(input) {
  const list = input.value.split(/[\s,，;；、]+/).filter(Boolean);
  if (!list.length) return undefined;
  const bytes = (x) => new TextEncoder().encode(x).length;
  return list.length <= 8 && list.every((x) => bytes(x) <= 64) ? list : null;
}

// The recordings of a case or an act, as code.
export function footageView(list) {
  return h('span', { class: 'footage', 'data-testid': 'footage' }, (list || []).map((x) => h('code', { 'data-raw': '' }, x)));
}
