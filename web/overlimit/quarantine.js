// #/quarantine?kind: records that were not accepted, with the reason and
// the raw text as received (GET /api/v1/quarantine, paginated).
import { get } from '../base/api.js';
import { t, tv } from '../base/i18n.js';
import { h, table, field } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { pager } from '../base/pager.js';

const KINDS = ['detection', 'unload'];

export async function render(view, ctx) {
  const kind = ctx.query.get('kind') || '';
  const select = h('select', { name: 'kind', 'data-testid': 'quarantine-kind', onchange: () => {
    ctx.navigate(select.value ? `#/quarantine?kind=${select.value}` : '#/quarantine');
  } },
  h('option', { value: '' }, t('q.kind_all')),
  KINDS.map((k) => h('option', { value: k, selected: k === kind }, t(`q.kind.${k}`))));

  view.append(h('h1', null, t('q.title')), h('p', { class: 'hint' }, t('q.hint')),
    h('form', { class: 'toolbar', onsubmit: (e) => e.preventDefault() }, field('quarantine-kind', t('q.kind'), select)));

  const columns = [
    { key: 'id', label: t('q.id'), class: 'num', cell: (q) => String(q.id) },
    { key: 'kind', label: t('q.kind'), cell: (q) => tv('q.kind', q.kind) },
    { key: 'created_at', label: t('q.created_at'), cell: (q) => fmt.instant(q.created_at) },
    { key: 'source', label: t('q.source'), cell: (q) => `${q.source ?? ''}${q.line ? `:${q.line}` : ''}` },
    { key: 'site', label: t('det.site'), cell: (q) => (q.site ? `${q.site}${q.seq !== null && q.seq !== undefined ? ` #${q.seq}` : ''}` : t('common.none')) },
    { key: 'reason', label: t('q.reason'), class: 'reason', cell: (q) => q.reason },
    { key: 'raw', label: t('q.raw'), class: 'raw', cell: (q) => h('code', null, q.raw) },
  ];
  const list = pager(
    (after) => get('/api/v1/quarantine', { kind, limit: 50, after }),
    (rows) => (rows.length ? table(columns, rows, { testid: 'quarantine-table', rowProps: (q) => ({ dataset: { id: q.id } }) })
      : h('p', { class: 'empty', 'data-testid': 'quarantine-empty' }, t('q.empty'))),
    { testid: 'quarantine-list' });
  view.append(h('section', { class: 'card' }, list));
  await list.ready;
}
