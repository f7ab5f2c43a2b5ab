// #/audit?actor&action&object&from&to: the hash-chained audit log, newest
// first (GET /api/v1/audit, inspector and admin), filtered by person,
// action, object and period. The filter lives in the hash, so reload and
// Back keep it. Each change is a table of its fields (before, after), the
// changed ones marked; the client address says where a web change came
// from.
import { get } from './api.js';
import { t, tv, hasString, stringKeys } from './i18n.js';
import { h, table, field, errorNotice } from './dom.js';
import * as fmt from './format.js';
import { pager } from './pager.js';

const FILTERS = ['actor', 'action', 'object', 'from', 'to'];

// The stored JSON text of a state as an object; null when none; a value
// that is no object as {value}.
function state(text) {
  if (text === null || text === undefined || text === '') return null;
  let v = text;
  if (typeof text === 'string') {
    try { v = JSON.parse(text); } catch { return { '': text }; }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? v : { '': v };
}

// A field's name in words when a module has them: the action's family's
// own first ('field.unit.name' → 单位名称 for unit.add), then the common
// one ('field.name' → 姓名); else the key as stored.
function fieldLabel(action, key) {
  if (!key) return t('audit.value');
  const family = String(action || '').split('.')[0];
  for (const k of [`field.${family}.${key}`, `field.${key}`]) if (hasString(k)) return t(k);
  return key;
}

// A value as read: yes/no, roles and enumerations by their names, nothing
// as a dash.
function valueText(key, v) {
  if (v === null || v === undefined || v === '') return t('common.none');
  if (typeof v === 'boolean') return fmt.yesNo(v);
  if (key === 'roles' && typeof v === 'string') return v.split(',').map((r) => tv('role', r)).join(t('common.list_sep'));
  // An enumeration's value in words where a module has them ('value.decision.dismissed').
  if (typeof v === 'string' && hasString(`value.${key}.${v}`)) return t(`value.${key}.${v}`);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// The change of an entry: field, before, after; changed rows marked.
export function changeTable(entry) {
  const before = state(entry.before);
  const after = state(entry.after);
  if (!before && !after) return h('span', { class: 'muted' }, t('common.none'));
  const same = (k) => before && after && JSON.stringify(before[k]) === JSON.stringify(after[k]);
  // The changed fields first, then the others, each in the stored order.
  const all = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])];
  const keys = [...all.filter((k) => !same(k)), ...all.filter(same)];
  return h('table', { class: 'change-table', 'data-testid': 'change-table' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('audit.field')),
      h('th', { scope: 'col' }, t('audit.before')),
      h('th', { scope: 'col' }, t('audit.after')))),
    h('tbody', null, keys.map((k) => h('tr', { class: same(k) ? 'unchanged' : 'changed', dataset: { field: k } },
      h('th', { scope: 'row' }, fieldLabel(entry.action, k)),
      h('td', null, before ? valueText(k, before[k]) : t('common.none')),
      h('td', null, after ? valueText(k, after[k]) : t('common.none'))))));
}

function clientText(a) {
  if (a.client === null || a.client === undefined) return h('span', { class: 'muted' }, t('common.none'));
  return a.client === '' ? h('span', { class: 'muted' }, t('audit.client_cli')) : h('code', null, a.client);
}

export async function render(view, ctx) {
  const filter = Object.fromEntries(FILTERS.map((k) => [k, ctx.query.get(k) || '']));
  const input = (name, props) => h('input', { name, value: filter[name], 'data-testid': `audit-${name}`, ...props });
  const actor = input('actor', { autocomplete: 'off', spellcheck: 'false' });
  const object = input('object', { autocomplete: 'off', spellcheck: 'false' });
  const from = input('from', { type: 'date' });
  const to = input('to', { type: 'date' });
  // The actions the modules have words for, by their words.
  const actions = stringKeys('action.').map((k) => k.slice('action.'.length))
    .sort((a, b) => tv('action', a).localeCompare(tv('action', b), 'zh-CN'));
  const action = h('select', { name: 'action', 'data-testid': 'audit-action' },
    h('option', { value: '' }, t('audit.action_all')),
    actions.map((a) => h('option', { value: a }, tv('action', a))));
  action.value = filter.action;
  if (filter.action && action.value !== filter.action) action.append(h('option', { value: filter.action, selected: true }, filter.action));

  const formMessage = h('div', { class: 'form-message', 'data-testid': 'filter-message' });
  const form = h('form', { class: 'filters card', 'data-testid': 'audit-filter', onsubmit: (e) => {
    e.preventDefault();
    // A period that runs backwards is refused here, in words, not sent.
    if (from.value && to.value && to.value < from.value) {
      formMessage.replaceChildren(errorNotice({ code: 'invalid', reason: 'range_reversed', args: { from: from.value, to: to.value } }));
      to.focus();
      return;
    }
    const q = new URLSearchParams();
    for (const [k, el] of [['actor', actor], ['action', action], ['object', object], ['from', from], ['to', to]]) {
      if (el.value.trim()) q.set(k, el.value.trim());
    }
    ctx.navigate(q.toString() ? `#/audit?${q}` : '#/audit');
  } },
  h('div', { class: 'filter-fields' },
    field('audit-actor', t('audit.actor'), actor, t('audit.actor_hint')),
    field('audit-action', t('audit.action'), action),
    field('audit-object', t('audit.object'), object, t('audit.object_hint')),
    field('audit-from', t('audit.from'), from),
    field('audit-to', t('audit.to'), to)),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'audit-apply' }, t('audit.apply')),
    h('a', { class: 'btn', href: '#/audit', 'data-testid': 'audit-clear' }, t('audit.clear'))),
  formMessage);

  view.append(h('h1', null, t('audit.title')), h('p', { class: 'hint' }, t('audit.hint')), form);
  const columns = [
    { key: 'seq', sortBy: 'seq', label: t('audit.seq'), class: 'num', cell: (a) => String(a.seq) },
    { key: 'at', label: t('audit.at'), cell: (a) => fmt.instant(a.at) },
    { key: 'actor', sortBy: 'actor', label: t('audit.actor'), cell: (a) => a.actor ?? t('common.none') },
    // The action in words, with its code (what `sunroad audit list` prints).
    { key: 'action', sortBy: 'action', label: t('audit.action'), cell: (a) => h('span', null, tv('action', a.action), ' ', h('code', { class: 'muted' }, a.action)) },
    { key: 'object', sortBy: 'object', label: t('audit.object'), cell: (a) => a.object ?? t('common.none') },
    { key: 'client', sortBy: 'client', label: t('audit.client'), cell: clientText },
    { key: 'change', label: t('audit.change'), class: 'change', cell: changeTable },
    { key: 'hash', label: t('audit.hash'), cell: (a) => h('code', { title: a.hash }, String(a.hash || '').slice(0, 12)) },
  ];
  const list = pager(
    (params) => get('/api/v1/audit', { ...filter, limit: 50, ...params }),
    (rows, sorting) => (rows.length ? table(columns, rows, { testid: 'audit-table', cards: true, sorting, rowProps: (a) => ({ dataset: { seq: a.seq } }) })
      : h('p', { class: 'empty', 'data-testid': 'audit-empty' }, t('audit.empty'))),
    { testid: 'audit-list', ctx, pageSize: 50 });
  view.append(h('section', { class: 'card' }, list));
  await list.ready;
}
