// #/detections?site&plate&from&to&verdict&sort&page: the filter, the sort
// and the page live in the hash so that reload, Back and the export links
// all show the same rows. The list (GET /api/v1/detections, newest first
// unless a column header sorts it) shows its total and pages by number
// (pager.js); a row opens #/detections/ID.
import { get, items, query } from '../base/api.js';
import { t, tv } from '../base/i18n.js';
import { h, table, field, errorNotice } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { pager } from '../base/pager.js';
import { exporter } from '../base/exporter.js';
import { verdict, screening } from './badges.js';

const FILTERS = ['site', 'plate', 'from', 'to', 'verdict'];
const VERDICTS = ['overlimit', 'ton100', 'normal', 'inadmissible'];
const PAGE_SIZE = 50;

export function plateCell(d) {
  if (!d.plate) return h('span', { class: 'muted' }, t('plate.unread'));
  return h('span', { class: 'plate' },
    d.plate_color ? h('span', { class: `plate-color plate-${d.plate_color}`, title: tv('color', d.plate_color) }, tv('color', d.plate_color)) : null,
    ' ', d.plate);
}

export function fineCell(d) {
  if (d.penalty === 'warning') return t('penalty.warning');
  if (d.penalty === 'fine' || d.fine_fen > 0) return fmt.yuan(d.fine_fen);
  return t('common.none');
}

// The site by its name, its code beside it (the queue's rows have no name).
function siteCell(d) {
  if (!d.site_name) return d.site;
  return h('span', { class: 'site-cell', title: d.site }, d.site_name, ' ', h('small', { class: 'muted' }, d.site));
}

// sorting: from pager.js, makes the headers sort the list (null: they do not).
export function detectionsTable(rows, { linkTo = (d) => `#/detections/${encodeURIComponent(d.id)}`, testid = 'detections-table', navigate, sorting = null } = {}) {
  const columns = [
    { key: 'passed_at', sortBy: 'passed_at', label: t('det.passed_at'), cell: (d) => h('a', { href: linkTo(d), 'data-testid': 'open-detection' }, fmt.instant(d.passed_at)) },
    { key: 'site', sortBy: 'site', label: t('det.site'), cell: siteCell },
    { key: 'plate', sortBy: 'plate', label: t('det.plate'), cell: plateCell },
    { key: 'kind', sortBy: 'axles', label: t('det.kind'), cell: (d) => `${tv('kind', d.kind)} · ${d.axles}` },
    { key: 'gross_t', sortBy: 'gross_kg', label: t('det.gross_t'), class: 'num', cell: (d) => fmt.tonnes(d.gross_kg) },
    { key: 'limit_t', sortBy: 'limit_kg', label: t('det.limit_t'), class: 'num', cell: (d) => fmt.tonnes(d.limit_kg) },
    { key: 'over_t', sortBy: 'over_kg', label: t('det.over_t'), class: 'num', cell: (d) => fmt.tonnes(d.over_kg) },
    { key: 'verdict', sortBy: 'verdict', label: t('det.verdict'), cell: verdict },
    { key: 'fine', sortBy: 'fine_fen', label: t('det.fine_yuan'), class: 'num', cell: fineCell },
    { key: 'admissible', sortBy: 'admissible', label: t('det.admissible'), cell: (d) => (d.screening === 'dismissed' ? t('detail.admissible_dismissed') : fmt.yesNo(d.admissible)) },
    { key: 'screening', sortBy: 'screening', label: t('det.screening'), cell: (d) => screening(d.screening) },
  ];
  // On a phone each record is a card, its verdict and fine in sight.
  return table(columns, rows, {
    testid,
    sorting,
    cards: true,
    rowProps: (d) => ({
      class: `clickable${d.overlimit ? ' row-over' : ''}`,
      dataset: { id: d.id, overlimit: d.overlimit ? 1 : 0, ton100: d.ton100 ? 1 : 0, overKg: d.over_kg },
      // The whole row opens the record; the link in the first cell is the
      // keyboard's way in.
      onclick: (e) => { if (navigate && !e.target.closest('a')) navigate(linkTo(d)); },
    }),
  });
}

export async function render(view, ctx) {
  const filter = Object.fromEntries(FILTERS.map((k) => [k, ctx.query.get(k) || '']));
  const sites = items(await get('/api/v1/sites'));

  const site = h('select', { name: 'site', 'data-testid': 'filter-site' },
    h('option', { value: '' }, t('det.site_all')),
    sites.map((s) => h('option', { value: s.code, selected: s.code === filter.site }, `${s.code} ${s.name}`)));
  const plate = h('input', { name: 'plate', value: filter.plate, placeholder: t('det.plate_hint'), 'data-testid': 'filter-plate', autocomplete: 'off' });
  const from = h('input', { name: 'from', type: 'date', value: filter.from, 'data-testid': 'filter-from' });
  const to = h('input', { name: 'to', type: 'date', value: filter.to, 'data-testid': 'filter-to' });
  const verdictSelect = h('select', { name: 'verdict', 'data-testid': 'filter-verdict' },
    h('option', { value: '' }, t('det.verdict_all')),
    VERDICTS.map((v) => h('option', { value: v, selected: v === filter.verdict }, t(`verdict.${v}`))));

  const formMessage = h('div', { class: 'form-message', 'data-testid': 'filter-message' });
  const form = h('form', { class: 'card filters', 'data-testid': 'detections-filter', onsubmit: (e) => {
    e.preventDefault();
    // A period that runs backwards is refused here, in words, not sent.
    if (from.value && to.value && to.value < from.value) {
      formMessage.replaceChildren(errorNotice({ code: 'invalid', reason: 'range_reversed', args: { from: from.value, to: to.value } }));
      to.focus();
      return;
    }
    // A new filter starts on the first page, in the same order.
    const q = query({ site: site.value, plate: plate.value.trim(), from: from.value, to: to.value, verdict: verdictSelect.value, sort: ctx.query.get('sort') || '' });
    ctx.navigate(q ? `#/detections?${q}` : '#/detections');
  } },
  h('div', { class: 'filter-fields' },
    field('filter-site', t('det.site'), site),
    field('filter-plate', t('det.plate'), plate),
    field('filter-from', t('period.from'), from),
    field('filter-to', t('period.to'), to),
    field('filter-verdict', t('det.verdict'), verdictSelect)),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'filter-submit' }, t('det.search')),
    h('a', { class: 'btn', href: '#/detections', 'data-testid': 'filter-reset' }, t('det.reset')),
    h('span', { class: 'spacer' }),
    // Exports take the same filter and sort as the list; over the server's cap, a background export (base/exporter.js).
    exporter({ kind: 'detections', filter: { ...filter, sort: ctx.query.get('sort') || '' }, direct: { csv: '/api/v1/detections.csv', xlsx: '/api/v1/detections.xlsx' },
      labels: { csv: 'det.export_csv', xlsx: 'det.export_xlsx' }, listPath: '/api/v1/detections' })),
  formMessage);

  view.append(h('h1', null, t('det.title')), form);

  const list = pager(
    (params) => get('/api/v1/detections', { ...filter, limit: PAGE_SIZE, ...params }),
    (rows, sorting) => (rows.length ? detectionsTable(rows, { navigate: ctx.navigate, sorting }) : h('p', { class: 'empty', 'data-testid': 'detections-empty' }, t('det.none'))),
    { testid: 'detections-list', ctx, pageSize: PAGE_SIZE });
  view.append(h('section', { class: 'card' }, list));
  await list.ready;
}
