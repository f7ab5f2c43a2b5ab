// #/dashboard?preset&from&to: the period's figures (GET /api/v1/stats/
// overlimit) with 同比 (the same days a year earlier) and 环比 (the period
// of the same length just before), by month as a chart with its table, and
// by brigade and by site as tables that sort. The presets (day, week,
// month, year) count from the data's latest day (GET /api/v1/stats/range);
// the default is that day's month. Each figure carries data-figure and the
// raw number in data-value, so a test can compare the page with the API.
// The sites' liveness and certificates are on their own page (#/site-status).
import { get } from '../base/api.js';
import { t } from '../base/i18n.js';
import { h, loadScript } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { sortTable } from '../base/sorttable.js';
import { units, unitNamer } from './units.js';

const PRESETS = ['day', 'week', 'month', 'year', 'custom'];

// Local days as 'YYYY-MM-DD' strings, computed in UTC (no time zone shifts).
const toDate = (s) => new Date(`${s}T00:00:00Z`);
const iso = (d) => d.toISOString().slice(0, 10);
const addDays = (s, n) => { const d = toDate(s); d.setUTCDate(d.getUTCDate() + n); return iso(d); };
const days = (from, to) => Math.round((toDate(to) - toDate(from)) / 86400000) + 1;

function today() {
  // The agency's day (UTC+08:00), whatever the browser's time zone.
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// The period of a preset around the anchor day: [from, to].
export function presetPeriod(preset, anchor) {
  const d = toDate(anchor);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (preset === 'day') return [anchor, anchor];
  if (preset === 'week') {
    const monday = addDays(anchor, -((d.getUTCDay() + 6) % 7));
    return [monday, addDays(monday, 6)];
  }
  if (preset === 'year') return [`${y}-01-01`, `${y}-12-31`];
  return [iso(new Date(Date.UTC(y, m, 1))), iso(new Date(Date.UTC(y, m + 1, 0)))];
}

// The same days a year earlier (29 February → 28 February).
function yearEarlier(s) {
  const [y, m, d] = s.split('-').map(Number);
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

// The period before [from, to]: the previous calendar month or year for a
// whole one, else as many days just before.
export function previousPeriod(preset, from, to) {
  if (preset === 'month') return presetPeriod('month', addDays(from, -1));
  if (preset === 'year') return presetPeriod('year', addDays(from, -1));
  const n = days(from, to);
  return [addDays(from, -n), addDays(from, -1)];
}

// The figures shown, from the API's answer: [key, label, value, text, unit].
function figureRows(s) {
  const pending = s.pending ?? 0;
  return [
    ['detections', t('fig.detections'), s.detections, fmt.int(s.detections), t('unit.times')],
    ['overlimit', t('fig.overlimit'), s.overlimit, fmt.int(s.overlimit), t('unit.vehicles')],
    ['rate', t('fig.rate'), s.overlimit_rate_pct, fmt.pct(s.overlimit_rate_pct), ''],
    ['ton100', t('fig.ton100'), s.ton100, fmt.int(s.ton100), t('unit.vehicles')],
    ['unloaded_t', t('fig.unloaded_t'), s.unloaded_kg, fmt.tonnes(s.unloaded_kg), t('unit.t')],
    ['pending', t('dash.fig.pending'), pending, fmt.int(pending), t('unit.vehicles')],
    ['confirmed', t('dash.fig.confirmed'), s.confirmed ?? 0, fmt.int(s.confirmed ?? 0), t('unit.vehicles')],
    ['dismissed', t('dash.fig.dismissed'), s.dismissed ?? 0, fmt.int(s.dismissed ?? 0), t('unit.vehicles')],
    ['intended_fine', t('dash.fig.intended_fine'), s.intended_fine_fen ?? 0, fmt.yuan(s.intended_fine_fen ?? 0), t('unit.yuan')],
  ];
}

// The change from an earlier period in percent, or null when the earlier
// period has no data (no detections) or the figure was 0 then.
export function change(now, then, thenStats) {
  if (!thenStats || !thenStats.detections || !then) return null;
  return Math.round(((now - then) / then) * 1000) / 10;
}

function changeText(c) {
  if (c === null) return '—';
  return `${c > 0 ? '+' : ''}${c.toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}

function figure([key, label, value, shown, unit], yoy, mom) {
  const cmp = (name, c) => h('span', { class: `figure-cmp${c > 0 ? ' up' : c < 0 ? ' down' : ''}`, 'data-cmp': name, 'data-value': c === null ? '' : String(c) },
    t(`dash.${name}`), ' ', changeText(c));
  return h('div', { class: 'figure', 'data-figure': key, 'data-value': String(value), 'data-testid': `figure-${key}` },
    h('span', { class: 'figure-label' }, label),
    h('span', { class: 'figure-value' }, shown, unit ? h('small', { class: 'figure-unit' }, unit) : null),
    h('span', { class: 'figure-cmps' }, cmp('yoy', yoy), ' ', cmp('mom', mom)));
}

// The tallies of a group of rows (by_site entries) summed.
function sum(rows) {
  const keys = ['detections', 'overlimit', 'ton100', 'unloaded_kg', 'pending', 'confirmed', 'dismissed', 'intended_fine_fen'];
  const out = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const r of rows) for (const k of keys) out[k] += r[k] || 0;
  out.overlimit_rate_pct = out.detections ? Math.round((out.overlimit / out.detections) * 1000000) / 10000 : 0;
  return out;
}

function tallyColumns() {
  return [
    { key: 'detections', label: t('fig.detections'), class: 'num', value: (r) => r.detections, cell: (r) => fmt.int(r.detections) },
    { key: 'overlimit', label: t('fig.overlimit'), class: 'num', value: (r) => r.overlimit, cell: (r) => fmt.int(r.overlimit) },
    { key: 'rate', label: t('fig.rate'), class: 'num', value: (r) => r.overlimit_rate_pct, cell: (r) => fmt.pct(r.overlimit_rate_pct) },
    { key: 'ton100', label: t('fig.ton100'), class: 'num', value: (r) => r.ton100, cell: (r) => fmt.int(r.ton100) },
    { key: 'unloaded', label: t('fig.unloaded_t'), class: 'num', value: (r) => r.unloaded_kg, cell: (r) => fmt.tonnes(r.unloaded_kg) },
    { key: 'pending', label: t('dash.fig.pending'), class: 'num', value: (r) => r.pending || 0, cell: (r) => fmt.int(r.pending || 0) },
    { key: 'confirmed', label: t('dash.fig.confirmed'), class: 'num', value: (r) => r.confirmed || 0, cell: (r) => fmt.int(r.confirmed || 0) },
    { key: 'fine', label: t('dash.fig.intended_fine'), class: 'num', value: (r) => r.intended_fine_fen || 0, cell: (r) => fmt.yuan(r.intended_fine_fen || 0) },
  ];
}

// The period's date pickers: apply(from, to) when submitted, a message
// instead when the range is reversed. Also used by the site-status page.
export function periodForm(from, to, apply) {
  const fromInput = h('input', { type: 'date', name: 'from', value: from, required: true, 'data-testid': 'period-from' });
  const toInput = h('input', { type: 'date', name: 'to', value: to, required: true, 'data-testid': 'period-to' });
  const message = h('div', { class: 'form-message', 'data-testid': 'period-message' });
  const form = h('form', { class: 'toolbar', 'data-testid': 'period-form', onsubmit: (e) => {
    e.preventDefault();
    message.replaceChildren();
    if (toInput.value < fromInput.value) {
      message.append(h('p', { class: 'notice notice-error', role: 'alert', 'data-testid': 'period-reversed' }, t('dash.reversed')));
      return;
    }
    apply(fromInput.value, toInput.value);
  } },
  h('label', null, h('span', null, t('period.from')), fromInput),
  h('label', null, h('span', null, t('period.to')), toInput),
  h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'period-apply' }, t('period.apply')));
  return { form, message, fromInput };
}

export async function render(view, ctx) {
  let preset = ctx.query.get('preset') || '';
  let from = ctx.query.get('from');
  let to = ctx.query.get('to');
  const range = await get('/api/v1/stats/range');
  const anchor = (range && range.to) || today();
  if (!PRESETS.includes(preset)) preset = from && to ? 'custom' : 'month';
  if (preset !== 'custom' || !from || !to) [from, to] = presetPeriod(preset === 'custom' ? 'month' : preset, anchor);

  const go = (p, f, tt) => ctx.navigate(`#/dashboard?preset=${p}&from=${f}&to=${tt}`);
  const presetBar = h('div', { class: 'presets', role: 'group', 'aria-label': t('dash.presets'), 'data-testid': 'presets' },
    PRESETS.map((p) => h('button', { type: 'button', class: `btn btn-small${p === preset ? ' btn-primary' : ''}`,
      'aria-pressed': String(p === preset), 'data-preset': p, 'data-testid': `preset-${p}`,
      onclick: () => (p === 'custom' ? fromInput.focus() : go(p, ...presetPeriod(p, anchor))) }, t(`dash.preset.${p}`))));

  const { form, message, fromInput } = periodForm(from, to, (f, tt) => go('custom', f, tt));

  view.append(h('h1', null, t('dash.title')), presetBar, form, message,
    h('p', { class: 'hint', 'data-testid': 'period-shown' }, t('dash.period', { from, to, latest: anchor }), ' ',
      h('a', { href: `#/site-status?from=${from}&to=${to}`, 'data-testid': 'to-site-status' }, t('dash.to_site_status'))));

  const [mFrom, mTo] = previousPeriod(preset, from, to);
  const [yFrom, yTo] = [yearEarlier(from), yearEarlier(to)];
  const [stats, mom, yoy, unitList] = await Promise.all([
    get('/api/v1/stats/overlimit', { from, to }),
    get('/api/v1/stats/overlimit', { from: mFrom, to: mTo }).catch(() => null),
    get('/api/v1/stats/overlimit', { from: yFrom, to: yTo }).catch(() => null),
    units(),
  ]);

  const rows = figureRows(stats);
  const momRows = mom && figureRows(mom);
  const yoyRows = yoy && figureRows(yoy);
  view.append(h('section', { class: 'figures figures-9', 'aria-label': t('dash.figures'), 'data-testid': 'figures' },
    rows.map((r, i) => figure(r, change(r[2], yoyRows && yoyRows[i][2], yoy), change(r[2], momRows && momRows[i][2], mom)))),
  h('p', { class: 'hint', 'data-testid': 'compare-periods' }, t('dash.compare', { yoy_from: yFrom, yoy_to: yTo, mom_from: mFrom, mom_to: mTo })));

  if (!stats.detections) {
    view.append(h('p', { class: 'notice notice-info', role: 'status', 'data-testid': 'dash-empty' }, t('dash.empty')));
    return undefined;
  }

  // By month: a chart, and the same numbers as a table (toggle).
  const months = (stats.by_month || []).filter((m) => m.detections > 0);
  const monthChart = h('div', { class: 'chart', id: 'chart-month', 'data-testid': 'chart-month', role: 'img', 'aria-label': t('dash.by_month') });
  const monthTable = sortTable([
    { key: 'month', label: t('dash.month'), cell: (m) => m.month },
    ...tallyColumns().slice(0, 5),
  ], months, { testid: 'month-table', sortKey: 'month', desc: false });
  monthTable.hidden = true;
  const toggle = h('button', { type: 'button', class: 'btn btn-small', 'aria-pressed': 'false', 'data-testid': 'month-toggle', onclick: () => {
    const showTable = monthTable.hidden;
    monthTable.hidden = !showTable;
    monthChart.hidden = showTable;
    toggle.setAttribute('aria-pressed', String(showTable));
    toggle.textContent = showTable ? t('dash.show_chart') : t('dash.show_table');
  } }, t('dash.show_table'));
  view.append(h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, t('dash.by_month')), toggle), monthChart, monthTable));

  // By brigade: the sites' tallies summed by their unit, named.
  const unitName = unitNamer(unitList);
  const sites = (stats.by_site || []);
  const byUnit = Object.values(sites.reduce((acc, s) => {
    const code = s.unit || '';
    (acc[code] = acc[code] || { unit: code, rows: [] }).rows.push(s);
    return acc;
  }, {})).map((g) => ({ unit: g.unit, name: unitName(g.unit), ...sum(g.rows) }));
  view.append(h('section', { class: 'card' }, h('h2', null, t('dash.by_unit')),
    sortTable([{ key: 'name', label: t('dash.unit'), cell: (u) => u.name }, ...tallyColumns()], byUnit,
      { testid: 'unit-table', sortKey: 'overlimit', rowProps: (u) => ({ dataset: { unit: u.unit } }) })));
  view.append(h('section', { class: 'card' }, h('h2', null, t('dash.by_site_table')),
    sortTable([
      { key: 'name', label: t('site.name'), cell: (s) => s.name },
      { key: 'unit', label: t('dash.unit'), cell: (s) => unitName(s.unit) },
      ...tallyColumns(),
    ], sites, { testid: 'site-table', sortKey: 'overlimit', rowProps: (s) => ({ dataset: { site: s.site } }) })));

  return drawChart(monthChart, months);
}

// ECharts, vendored from npm by scripts/vendor-web.sh; defines window.echarts.
const ECHARTS = '/vendor/echarts.min.js';

// Draws the month chart; returns the cleanup that disposes of it.
async function drawChart(monthChart, months) {
  try { await loadScript(ECHARTS); } catch { /* the warning below says what to do */ }
  const echarts = window.echarts;
  if (!echarts) {
    monthChart.replaceWith(h('p', { class: 'notice notice-error', 'data-testid': 'no-charts' }, t('dash.no_charts')));
    return undefined;
  }
  // Tooltips drawn on the canvas (richText), not as HTML with inline
  // styles, which the page's CSP would refuse.
  const chart = echarts.init(monthChart);
  chart.setOption({
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: [
      { type: 'value', name: t('unit.vehicles') || '', minInterval: 1 },
      { type: 'value', name: '%', splitLine: { show: false } },
    ],
    series: [
      { name: t('fig.overlimit'), type: 'bar', data: months.map((m) => m.overlimit) },
      { name: t('fig.ton100'), type: 'bar', data: months.map((m) => m.ton100) },
      { name: t('fig.rate'), type: 'line', yAxisIndex: 1, data: months.map((m) => m.overlimit_rate_pct) },
    ],
  });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}
