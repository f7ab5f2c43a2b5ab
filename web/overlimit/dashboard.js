// #/dashboard?from&to: the period's figures (GET /api/v1/stats/overlimit),
// by month and by site as charts, and the sites' calibration and liveness
// (GET /api/v1/sites). Each figure carries data-figure and the raw number in
// data-value, so a test can compare the page with the API.
import { get, items } from '../base/api.js';
import { t } from '../base/i18n.js';
import { h, loadScript } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { sitesTable } from './sites.js';

const TOP_SITES = 15;

function figure(key, label, value, shown, unit) {
  return h('div', { class: 'figure', 'data-figure': key, 'data-value': String(value), 'data-testid': `figure-${key}` },
    h('span', { class: 'figure-label' }, label),
    h('span', { class: 'figure-value' }, shown, unit ? h('small', { class: 'figure-unit' }, unit) : null));
}

function today() {
  // The agency's day (UTC+08:00), whatever the browser's time zone.
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export async function render(view, ctx) {
  let from = ctx.query.get('from');
  let to = ctx.query.get('to');
  if (!from || !to) {
    const range = await get('/api/v1/stats/range');
    from = from || (range && range.from) || today();
    to = to || (range && range.to) || today();
  }

  const fromInput = h('input', { type: 'date', name: 'from', value: from, required: true, 'data-testid': 'period-from' });
  const toInput = h('input', { type: 'date', name: 'to', value: to, required: true, 'data-testid': 'period-to' });
  const form = h('form', { class: 'toolbar', 'data-testid': 'period-form', onsubmit: (e) => {
    e.preventDefault();
    ctx.navigate(`#/dashboard?from=${fromInput.value}&to=${toInput.value}`);
  } },
  h('label', null, h('span', null, t('period.from')), fromInput),
  h('label', null, h('span', null, t('period.to')), toInput),
  h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'period-apply' }, t('period.apply')));

  view.append(h('h1', null, t('dash.title')), form);

  const [stats, sites] = await Promise.all([
    get('/api/v1/stats/overlimit', { from, to }),
    get('/api/v1/sites'),
  ]);

  view.append(h('section', { class: 'figures', 'aria-label': t('dash.figures'), 'data-testid': 'figures' },
    figure('detections', t('fig.detections'), stats.detections, fmt.int(stats.detections), t('unit.times')),
    figure('overlimit', t('fig.overlimit'), stats.overlimit, fmt.int(stats.overlimit), t('unit.vehicles')),
    figure('ton100', t('fig.ton100'), stats.ton100, fmt.int(stats.ton100), t('unit.vehicles')),
    figure('unloaded_t', t('fig.unloaded_t'), stats.unloaded_kg, fmt.tonnes(stats.unloaded_kg), t('unit.t')),
    figure('rate', t('fig.rate'), stats.overlimit_rate_pct, fmt.pct(stats.overlimit_rate_pct))));

  const monthChart = h('div', { class: 'chart', id: 'chart-month', 'data-testid': 'chart-month' });
  const siteChart = h('div', { class: 'chart chart-tall', id: 'chart-site', 'data-testid': 'chart-site' });
  view.append(h('div', { class: 'chart-grid' },
    h('section', { class: 'card' }, h('h2', null, t('dash.by_month')), monthChart),
    h('section', { class: 'card' }, h('h2', null, t('dash.by_site', { n: TOP_SITES })), siteChart)));

  const siteList = items(sites);
  view.append(h('section', { class: 'card' },
    h('h2', null, t('dash.sites'), ' ', h('small', null, `(${siteList.length})`)),
    sitesTable(siteList, { compact: true })));

  if (!stats.detections) view.insertBefore(h('p', { class: 'hint', 'data-testid': 'dash-empty' }, t('dash.empty')), monthChart.closest('.chart-grid'));
  return drawCharts(view, stats, monthChart, siteChart);
}

// ECharts, vendored from npm by scripts/vendor-web.sh; defines window.echarts.
const ECHARTS = '/vendor/echarts.min.js';

// Draws both charts; returns the cleanup that disposes of them.
async function drawCharts(view, stats, monthChart, siteChart) {
  try { await loadScript(ECHARTS); } catch { /* the warning below says what to do */ }
  const echarts = window.echarts;
  if (!echarts) {
    const warning = h('p', { class: 'notice notice-error', 'data-testid': 'no-charts' }, t('dash.no_charts'));
    monthChart.replaceWith(warning);
    siteChart.remove();
    return undefined;
  }
  const months = stats.by_month || [];
  // The sites with the most over-limit vehicles, at most TOP_SITES of them:
  // a bar per site for 37 sites would be unreadable. ECharts draws the
  // first category at the bottom, hence the ascending order.
  const bySite = (stats.by_site || []).filter((s) => s.overlimit > 0)
    .sort((a, b) => b.overlimit - a.overlimit || a.site.localeCompare(b.site))
    .slice(0, TOP_SITES).reverse();
  // Tooltips drawn on the canvas (richText), not as HTML with inline
  // styles, which the page's CSP would refuse.
  const tooltip = { trigger: 'axis', renderMode: 'richText' };

  // The site chart grows with the number of sites so that every label fits.
  siteChart.style.height = `${Math.max(320, bySite.length * 22 + 70)}px`;

  const charts = [echarts.init(monthChart), echarts.init(siteChart)];
  charts[0].setOption({
    tooltip,
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
  charts[1].setOption({
    legend: { top: 0 },
    grid: { left: 48, right: 24, top: 36, bottom: 28 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: bySite.map((s) => s.site) },
    // The site's name in the tooltip: the code alone means little to a reader.
    tooltip: { ...tooltip, formatter: (ps) => `${bySite[ps[0].dataIndex].site} ${bySite[ps[0].dataIndex].name}\n${ps.map((p) => `${p.seriesName}: ${p.value}`).join('\n')}` },
    series: [
      { name: t('fig.overlimit'), type: 'bar', data: bySite.map((s) => s.overlimit) },
      { name: t('fig.ton100'), type: 'bar', data: bySite.map((s) => s.ton100) },
    ],
  });

  const resize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    charts.forEach((c) => c.dispose());
  };
}
