// #/tickets/stats?from&to: the figures of the tickets received in a period
// (GET /api/v1/tickets/stats; this year up to today by default): how many,
// closed, merged and reopened; each clock's on-time rate (done by the
// deadline, of those done or past it) with those late and still open, as
// a bar chart (ECharts, vendored) and a table; the callbacks' satisfaction
// and its distribution; the top categories, the channels and kinds; and
// each unit's row.
import { get, query, items } from '../base/api.js';
import { t } from '../base/i18n.js';
import { h, errorNotice, field, loadScript, table } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { CLOCKS, today, pct } from './common.js';

const ECHARTS = '/vendor/echarts.min.js';

function figure(key, label, value) {
  return h('div', { class: 'figure', 'data-figure': key, 'data-testid': `figure-${key}` },
    h('span', { class: 'figure-label' }, label),
    h('span', { class: 'figure-value' }, value));
}

function countTable(list, key, testid) {
  if (!list.length) return h('p', { class: 'muted' }, t('common.none'));
  return table([
    { key, label: t(`ticket.${key}`), class: 'wrap', cell: (r) => r.name || r[key] },
    { key: 'count', label: t('ticket.s.count'), class: 'num', cell: (r) => fmt.int(r.count) },
  ], list, { testid, rowProps: (r) => ({ dataset: { code: r[key], count: r.count } }) });
}

async function drawChart(el, clocks) {
  try { await loadScript(ECHARTS); } catch { /* the notice below says so */ }
  const echarts = window.echarts;
  if (!el.isConnected) return undefined; // the user moved on while the script loaded
  if (!echarts) {
    el.replaceWith(h('p', { class: 'notice notice-info', 'data-testid': 'no-charts' }, t('ticket.s.no_charts')));
    return undefined;
  }
  // Tooltips drawn on the canvas (richText): the CSP refuses inline styles.
  const chart = echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 40, right: 16, top: 24, bottom: 28 },
    xAxis: { type: 'category', data: CLOCKS.map((c) => t(`ticket.clock.${c}`)) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{
      name: t('ticket.s.rate'), type: 'bar', barMaxWidth: 56,
      data: CLOCKS.map((c) => clocks[c].on_time_pct),
      label: { show: true, position: 'top', formatter: '{c}%' },
      itemStyle: { color: '#2f6db5' },
    }],
  });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => { window.removeEventListener('resize', resize); chart.dispose(); };
}

export async function render(view, ctx) {
  const year = today().slice(0, 4);
  const from = ctx.query.get('from') || `${year}-01-01`;
  const to = ctx.query.get('to') || today();
  const fromInput = h('input', { type: 'date', name: 'from', value: from, required: true, 'data-testid': 'stats-from' });
  const toInput = h('input', { type: 'date', name: 'to', value: to, required: true, 'data-testid': 'stats-to' });
  const message = h('div', { class: 'form-message', 'data-testid': 'stats-message' });
  const form = h('form', { class: 'card filters', 'data-testid': 'stats-form', onsubmit: (e) => {
    e.preventDefault();
    message.replaceChildren();
    if (fromInput.value && toInput.value && toInput.value < fromInput.value) {
      message.append(errorNotice({ code: 'invalid', reason: 'range_reversed', args: { from: fromInput.value, to: toInput.value } }));
      toInput.focus();
      return;
    }
    ctx.navigate(`#/tickets/stats?${query({ from: fromInput.value, to: toInput.value })}`);
  } },
  h('div', { class: 'filter-fields' },
    field('stats-from', t('ticket.s.from'), fromInput),
    field('stats-to', t('ticket.s.to'), toInput),
    h('div', { class: 'field field-button' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'stats-submit' }, t('ticket.s.show')))),
  message);
  view.append(h('div', { class: 'tk' }, h('h1', null, t('ticket.stats_title')), form));

  const [s, units] = await Promise.all([
    get('/api/v1/tickets/stats', { from, to }),
    get('/api/v1/units').then(items).catch(() => []),
  ]);
  const unitNames = new Map(units.map((u) => [u.code, u.name]));
  const sat = s.satisfaction;
  const out = h('div', { class: 'tk ticket-stats', 'data-testid': 'ticket-stats', dataset: { total: s.total } },
    h('p', { class: 'hint' }, t('ticket.s.period', { at: fmt.instant(s.as_of) })),
    h('div', { class: 'figures' },
      figure('total', t('ticket.s.total'), fmt.int(s.total)),
      figure('closed', t('ticket.s.closed'), fmt.int(s.closed)),
      figure('resolve_rate', t('ticket.s.resolve_rate'), pct(s.clocks.resolve.on_time_pct)),
      figure('satisfaction', t('ticket.s.satisfaction'), sat.average === null ? t('common.none') : sat.average.toFixed(2)),
      figure('satisfied_pct', t('ticket.s.satisfied_pct'), pct(sat.satisfied_pct))));
  if (!s.total && !s.merged) out.append(h('p', { class: 'empty', 'data-testid': 'stats-empty' }, t('ticket.s.empty')));

  const chart = h('div', { class: 'chart ticket-chart', 'data-testid': 'clock-chart', role: 'img', 'aria-label': t('ticket.s.clocks') });
  out.append(h('div', { class: 'stats-grid' },
    h('section', { class: 'card' }, h('h2', null, t('ticket.s.clocks')),
      table([
        { key: 'clock', label: t('ticket.s.clock'), cell: (c) => t(`ticket.clock.${c}`) },
        { key: 'rate', label: t('ticket.s.rate'), class: 'num', cell: (c) => h('strong', { 'data-testid': `rate-${c}` }, pct(s.clocks[c].on_time_pct)) },
        { key: 'due', label: t('ticket.s.due'), class: 'num', cell: (c) => fmt.int(s.clocks[c].due) },
        { key: 'on_time', label: t('ticket.s.on_time'), class: 'num', cell: (c) => fmt.int(s.clocks[c].on_time) },
        { key: 'late_open', label: t('ticket.s.late_open'), class: 'num', cell: (c) => h('span', { class: s.clocks[c].late_open ? 'due-overdue' : null }, fmt.int(s.clocks[c].late_open)) },
        { key: 'late', label: t('ticket.s.late'), class: 'num', cell: (c) => fmt.int(s.clocks[c].late) },
      ], CLOCKS, { testid: 'clock-table', rowProps: (c) => ({ dataset: { clock: c } }) }),
      h('small', { class: 'hint' }, t('ticket.s.rate_hint')),
      chart),
    h('section', { class: 'card' }, h('h2', null, t('ticket.s.distribution')),
      table([
        { key: 'level', label: t('ticket.s.level'), cell: (n) => `${n} · ${t(`ticket.sat.${n}`)}` },
        { key: 'count', label: t('ticket.s.count'), class: 'num', cell: (n) => fmt.int(sat.distribution[n]) },
      ], [5, 4, 3, 2, 1], { testid: 'sat-table', rowProps: (n) => ({ dataset: { level: n } }) }),
      h('p', { class: 'hint' }, `${t('ticket.s.callbacks')}: ${fmt.int(sat.callbacks)} · ${t('ticket.s.merged')}: ${fmt.int(s.merged)} · ${t('ticket.s.reopened')}: ${fmt.int(s.reopened)}`))));

  out.append(h('div', { class: 'stats-grid stats-grid-3' },
    h('section', { class: 'card' }, h('h2', null, t('ticket.s.categories')), countTable(s.top_categories, 'category', 'category-table')),
    h('section', { class: 'card' }, h('h2', null, t('ticket.s.channels')), countTable(s.by_channel, 'channel', 'channel-table')),
    h('section', { class: 'card' }, h('h2', null, t('ticket.s.kinds')), countTable(s.by_kind, 'kind', 'kind-table'))));

  out.append(h('section', { class: 'card' }, h('h2', null, t('ticket.s.units')),
    s.by_unit.length ? table([
      { key: 'unit', label: t('ticket.s.unit'), cell: (u) => (u.unit ? h('span', { 'data-raw': '' }, unitNames.get(u.unit) || u.unit) : t('ticket.unassigned')) },
      { key: 'total', label: t('ticket.s.total'), class: 'num', cell: (u) => fmt.int(u.total) },
      { key: 'closed', label: t('ticket.s.closed'), class: 'num', cell: (u) => fmt.int(u.closed) },
      { key: 'contact', label: t('ticket.s.contact_rate'), class: 'num', cell: (u) => pct(u.clocks.contact.on_time_pct) },
      { key: 'resolve', label: t('ticket.s.resolve_rate'), class: 'num', cell: (u) => pct(u.clocks.resolve.on_time_pct) },
      { key: 'close', label: t('ticket.s.close_rate'), class: 'num', cell: (u) => pct(u.clocks.close.on_time_pct) },
      { key: 'late_open', label: t('ticket.s.late_open'), class: 'num', cell: (u) => fmt.int(CLOCKS.reduce((n, c) => n + u.clocks[c].late_open, 0)) },
      { key: 'sat', label: t('ticket.s.satisfaction'), class: 'num', cell: (u) => (u.satisfaction_avg === null ? t('common.none') : u.satisfaction_avg.toFixed(2)) },
      { key: 'satisfied', label: t('ticket.s.satisfied_pct'), class: 'num', cell: (u) => pct(u.satisfied_pct) },
    ], s.by_unit, { testid: 'unit-table', cards: true, rowProps: (u) => ({ dataset: { unit: u.unit } }) }) : h('p', { class: 'muted' }, t('common.none'))));
  view.append(out);
  if (!s.total) { chart.remove(); return undefined; }
  return drawChart(chart, s.clocks);
}
