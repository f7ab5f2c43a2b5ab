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
import { allowed } from './session.js';

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

// Data as it was stored (a login, a code, a number, a note): marked
// data-raw, which the Chinese-only check of the pages passes over.
const raw = (text) => h('span', { 'data-raw': '' }, text);

// A value as read: yes/no, roles and enumerations by their names, nothing
// as a dash, anything else as stored (data-raw).
function valueText(key, v) {
  if (v === null || v === undefined || v === '') return t('common.none');
  if (typeof v === 'boolean') return fmt.yesNo(v);
  if (key === 'roles' && typeof v === 'string') return v.split(',').map((r) => tv('role', r)).join(t('common.list_sep'));
  // An enumeration's value in words where a module has them ('value.decision.dismissed').
  if (typeof v === 'string' && hasString(`value.${key}.${v}`)) return t(`value.${key}.${v}`);
  if (typeof v === 'object') return raw(JSON.stringify(v));
  return raw(String(v));
}

// A quarantined record's reason in the words of the 异常数据 page (the
// 'qr.<code>' strings of the overlimit module, a {field} by its 'qf.'
// label): from reason_code and its args (reason_args); the code itself
// when no module has words for it. The server's English text ('reason')
// is never shown.
function quarantineReason(state) {
  const code = state.reason_code;
  const args = { ...(state.args || state.reason_args || {}) };
  if (args.field && hasString(`qf.${args.field}`)) args.field = t(`qf.${args.field}`);
  for (const key of [`qr.${code}`, `qr.q_${code}`]) if (hasString(key)) return t(key, args);
  return h('code', null, String(code));
}

// A state's fields as the table shows them: a quarantined record's
// reason, reason_code and args as one worded 'reason'.
function shownState(s) {
  if (!s || !('reason_code' in s)) return s;
  const { reason, reason_code: code, args, reason_args: rargs, ...rest } = s;
  return { reason: { worded: quarantineReason(s) }, ...rest };
}

// The change of an entry: field, before, after; changed rows marked.
export function changeTable(entry) {
  const before = shownState(state(entry.before));
  const after = shownState(state(entry.after));
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
      h('td', null, before ? cellText(k, before[k]) : t('common.none')),
      h('td', null, after ? cellText(k, after[k]) : t('common.none'))))));
}

const cellText = (k, v) => (v && v.worded !== undefined ? v.worded : valueText(k, v));

// The page of an entry's object, when there is one the caller may open:
// detection:<id> → the detection; a user (user:<login>, or the login of a
// user.* or session.* entry) and a unit → the users page; a site
// (site:<code>, or the code of a site.* entry) → the sites page; a
// quarantined record → the 异常数据 page.
function objectHref(action, object) {
  const family = String(action || '').split('.')[0];
  const m = /^([a-z]+):(.+)$/.exec(object);
  const kind = m ? m[1] : { user: 'user', session: 'user', unit: 'unit', site: 'site' }[family];
  const id = m ? m[2] : object;
  const may = (path) => allowed({ method: 'GET', path });
  if (kind === 'detection' && /^\d+$/.test(id) && may('/api/v1/detections/{}')) return `#/detections/${id}`;
  if ((kind === 'user' || kind === 'unit') && may('/api/v1/users')) return '#/users';
  if (kind === 'site' && may('/api/v1/sites')) return '#/sites';
  if (kind === 'quarantine' && may('/api/v1/quarantine')) return '#/quarantine?state=all';
  return null;
}

function objectCell(a) {
  if (a.object === null || a.object === undefined || a.object === '') return t('common.none');
  const href = objectHref(a.action, a.object);
  return href ? h('a', { href, 'data-raw': '', 'data-testid': 'audit-object-link' }, a.object) : raw(a.object);
}

// A hint with an example in it ('登录名,如 {example}'), the example as code.
function hintWith(key, example) {
  const [head, tail = ''] = t(key).split('{example}');
  return h('span', null, head, h('code', null, example), tail);
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
    field('audit-actor', t('audit.actor'), actor, hintWith('audit.actor_hint', 'zhangsan')),
    field('audit-action', t('audit.action'), action),
    field('audit-object', t('audit.object'), object, hintWith('audit.object_hint', 'detection:123')),
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
    { key: 'actor', sortBy: 'actor', label: t('audit.actor'), cell: (a) => (a.actor ? raw(a.actor) : t('common.none')) },
    // The action in words, with its code (what `sunroad audit list` prints).
    { key: 'action', sortBy: 'action', label: t('audit.action'), cell: (a) => h('span', null, tv('action', a.action), ' ', h('code', { class: 'muted' }, a.action)) },
    { key: 'object', sortBy: 'object', label: t('audit.object'), cell: objectCell },
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
