// What the taxi pages share: a driver's score as a badge and as a gauge
// (an SVG arc: no style attribute, which the CSP forbids), the grade's
// colour, the certificate's state, the company's grades as chips.
import { t, tv, hasString } from '../base/i18n.js';
import { h } from '../base/dom.js';
import { numberLocale } from '../base/format.js';

// The grades of the rulebook, best first, and their colour.
const TONE = { AAA: 'ok', AA: 'info', A: 'warn', B: 'bad' };
export const GRADES = ['AAA', 'AA', 'A', 'B'];
export const tone = (grade) => TONE[grade] || 'muted';

export const raw = (text) => h('span', { 'data-raw': '' }, text);

export function scoreBadge(r) {
  if (!r) return h('span', { class: 'muted' }, t('common.none'));
  return h('span', { class: `badge badge-${tone(r.grade)} taxi-score`, 'data-testid': 'taxi-score', dataset: { score: r.score, grade: r.grade } },
    h('span', { 'data-raw': '' }, `${r.grade} · ${r.score}`));
}

export function certBadge(state) {
  const kind = { valid: 'ok', expiring: 'warn', expired: 'bad', not_yet: 'muted' }[state] || 'muted';
  return h('span', { class: `badge badge-${kind}`, 'data-testid': 'cert-state', dataset: { state } }, tv('taxi.cert', state));
}

export function violationText(code) {
  return code && hasString(`taxi.violation.${code}`) ? t(`taxi.violation.${code}`) : (code || '');
}

// Complaints per 100 vehicles to a tenth, or that the company has none.
export function rate(r) {
  return r === null || r === undefined ? h('span', { class: 'muted' }, t('taxi.complaint_rate_none'))
    : h('span', { 'data-raw': '' }, r.toLocaleString(numberLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
}

// {AAA: n, ...} as chips.
export function gradeChips(standing) {
  return h('span', { class: 'grade-chips', 'data-testid': 'standing' },
    GRADES.filter((g) => standing && g in standing).map((g) => h('span', { class: `badge badge-${tone(g)}`, dataset: { grade: g } },
      h('span', { 'data-raw': '' }, `${g} ${standing[g]}`))));
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

// The score of full as a ring, coloured by the grade, the number inside.
export function gauge(score, full, grade) {
  const r = 42;
  const c = 2 * Math.PI * r;
  const part = full > 0 ? Math.max(0, Math.min(1, score / full)) : 0;
  const el = svg('svg', { viewBox: '0 0 100 100', class: `gauge gauge-${tone(grade)}`, role: 'img', 'aria-label': t('taxi.points_of', { score, full }), 'data-testid': 'gauge' });
  el.append(svg('circle', { cx: 50, cy: 50, r, class: 'gauge-track' }));
  // No arc at 0: a round cap of no length would still draw a dot.
  if (part > 0) el.append(svg('circle', { cx: 50, cy: 50, r, class: 'gauge-value', 'stroke-dasharray': `${(part * c).toFixed(2)} ${c.toFixed(2)}`, transform: 'rotate(-90 50 50)' }));
  const n = svg('text', { x: 50, y: 56, 'text-anchor': 'middle', class: 'gauge-number', 'data-testid': 'gauge-score' });
  n.textContent = String(score);
  el.append(n);
  return el;
}

// The style sheet of the pages, linked once.
export function linkStyle() {
  if (document.querySelector('link[data-taxi]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/taxi/taxi.css';
  link.dataset.taxi = '1';
  document.head.append(link);
}
