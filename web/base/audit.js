// #/audit: the hash-chained audit log, newest first (GET /api/v1/audit,
// inspector and admin). Before/after are JSON shown folded.
import { get } from './api.js';
import { t, tv } from './i18n.js';
import { h, table } from './dom.js';
import * as fmt from './format.js';
import { pager } from './pager.js';

function json(value) {
  if (value === null || value === undefined || value === '') return null;
  // The server may send the stored JSON text or the parsed object.
  if (typeof value === 'string') {
    try { return JSON.stringify(JSON.parse(value), null, 1); } catch { return value; }
  }
  return JSON.stringify(value, null, 1);
}

function change(entry) {
  const before = json(entry.before);
  const after = json(entry.after);
  if (!before && !after) return t('common.none');
  return h('details', null, h('summary', null, t('audit.change')),
    before ? h('div', null, h('strong', null, t('audit.before')), h('pre', null, before)) : null,
    after ? h('div', null, h('strong', null, t('audit.after')), h('pre', null, after)) : null);
}

export async function render(view) {
  view.append(h('h1', null, t('audit.title')), h('p', { class: 'hint' }, t('audit.hint')));
  const columns = [
    { key: 'seq', label: t('audit.seq'), class: 'num', cell: (a) => String(a.seq) },
    { key: 'at', label: t('audit.at'), cell: (a) => fmt.instant(a.at) },
    { key: 'actor', label: t('audit.actor'), cell: (a) => a.actor ?? t('common.none') },
    // The action in words, with its code (what `sunroad audit list` prints).
    { key: 'action', label: t('audit.action'), cell: (a) => h('span', null, tv('action', a.action), ' ', h('code', { class: 'muted' }, a.action)) },
    { key: 'object', label: t('audit.object'), cell: (a) => a.object ?? t('common.none') },
    { key: 'change', label: t('audit.change'), class: 'change', cell: change },
    { key: 'hash', label: t('audit.hash'), cell: (a) => h('code', { title: a.hash }, String(a.hash || '').slice(0, 12)) },
  ];
  const list = pager(
    (after) => get('/api/v1/audit', { limit: 50, after }),
    (rows) => (rows.length ? table(columns, rows, { testid: 'audit-table', rowProps: (a) => ({ dataset: { seq: a.seq } }) })
      : h('p', { class: 'empty' }, t('audit.empty'))),
    { testid: 'audit-list' });
  view.append(h('section', { class: 'card' }, list));
  await list.ready;
}
