// #/users (admin): the accounts (GET/POST /api/v1/users, disable,
// reset-password) and the unit tree (GET/POST /api/v1/units). Generated
// passwords are shown once, in the message area above the lists. The roles
// to choose from are the server's (GET /api/v1/routes); their labels are
// this module's strings (role.*).
import { get, post, items } from '../base/api.js';
import { t, tv } from '../base/i18n.js';
import { h, table, field, secretBox, errorNotice, notice } from '../base/dom.js';
import { pager } from '../base/pager.js';
import { session, roles as serverRoles } from '../base/session.js';

// The units in tree order (the detachment first, each unit followed by the
// units under it) with their depth, so the list reads like the organisation.
function treeOrder(units) {
  const byParent = new Map();
  for (const u of units) {
    const key = u.parent && units.some((x) => x.code === u.parent) ? u.parent : null;
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(u);
  }
  const out = [];
  const walk = (parent, depth) => {
    for (const u of (byParent.get(parent) || []).sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ ...u, depth });
      if (depth < 8) walk(u.code, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
const UNIT_KINDS = ['brigade', 'squad', 'post'];

function status(u) {
  const parts = [];
  if (u.disabled) parts.push(h('span', { class: 'badge badge-bad' }, t('users.disabled')));
  if (u.locked) parts.push(h('span', { class: 'badge badge-warn' }, t('users.locked')));
  if (u.must_change_password) parts.push(h('span', { class: 'badge badge-muted' }, t('users.must_change')));
  if (!parts.length) parts.push(h('span', { class: 'badge badge-ok' }, t('users.active')));
  return h('span', { class: 'badges' }, parts);
}

export async function render(view) {
  const message = h('div', { class: 'form-message', 'data-testid': 'users-message' });
  view.append(h('h1', null, t('users.title')), message);

  const show = (node) => { message.replaceChildren(node); message.scrollIntoView({ block: 'nearest' }); };
  const act = async (fn) => { try { await fn(); } catch (err) { show(errorNotice(err)); } };

  let units = treeOrder(items(await get('/api/v1/units')));
  const unitName = (code) => { const u = units.find((x) => x.code === code); return u ? `${u.code} ${u.name}` : code ?? t('common.none'); };

  // --- users -------------------------------------------------------------
  const userColumns = [
    { key: 'login', label: t('users.login'), cell: (u) => u.login },
    { key: 'name', label: t('users.name'), cell: (u) => u.name },
    { key: 'roles', label: t('users.roles'), cell: (u) => (u.roles || []).map((r) => tv('role', r)).join(', ') },
    { key: 'unit', label: t('users.unit'), cell: (u) => unitName(u.unit) },
    { key: 'badge', label: t('users.badge'), cell: (u) => u.badge || t('common.none') },
    { key: 'status', label: t('users.status'), cell: status },
    { key: 'actions', label: t('users.actions'), cell: (u) => h('span', { class: 'row-actions' },
      // No button to disable oneself: an admin could lock everyone out.
      u.disabled || u.login === session.user.login ? null : h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-testid': `disable-${u.login}`, onclick: () => act(async () => {
        if (!window.confirm(t('users.disable_confirm', { login: u.login }))) return;
        await post(`/api/v1/users/${encodeURIComponent(u.login)}/disable`, {});
        await reloadUsers();
      }) }, t('users.disable')),
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `reset-${u.login}`, onclick: () => act(async () => {
        if (!window.confirm(t('users.reset_confirm', { login: u.login }))) return;
        const res = await post(`/api/v1/users/${encodeURIComponent(u.login)}/reset-password`, {});
        show(secretBox(t('users.password_once', { login: u.login }), res.password, 'new-password'));
        await reloadUsers();
      }) }, t('users.reset'))) },
  ];
  const usersBox = h('div');
  async function reloadUsers() {
    const list = pager(
      (after) => get('/api/v1/users', { limit: 100, after }),
      (rows) => table(userColumns, rows, { testid: 'users-table', rowProps: (u) => ({ dataset: { login: u.login }, class: u.disabled ? 'row-muted' : null }) }),
      { testid: 'users-list' });
    usersBox.replaceChildren(list);
    await list.ready;
  }

  const login = h('input', { name: 'login', required: true, autocomplete: 'off', 'data-testid': 'user-login' });
  const name = h('input', { name: 'name', required: true, 'data-testid': 'user-name-input' });
  const roleBoxes = serverRoles().map((r) => h('input', { type: 'checkbox', name: 'roles', value: r, 'data-testid': `user-role-${r}` }));
  const unitSelect = h('select', { name: 'unit', required: true, 'data-testid': 'user-unit' });
  const badge = h('input', { name: 'badge', 'data-testid': 'user-badge' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', minlength: 10, 'data-testid': 'user-password' });
  const addUser = h('form', { class: 'form', 'data-testid': 'user-add', onsubmit: (e) => {
    e.preventDefault();
    const roles = roleBoxes.filter((b) => b.checked).map((b) => b.value);
    if (!roles.length) { show(notice('error', t('users.roles_required'))); return; }
    act(async () => {
      const body = { login: login.value.trim(), name: name.value.trim(), roles, unit: unitSelect.value, badge: badge.value.trim() };
      // A password typed here is handed over: the user replaces it at first login.
      if (password.value) Object.assign(body, { password: password.value, temporary: true });
      const user = await post('/api/v1/users', body);
      show(user.password
        ? secretBox(t('users.password_once', { login: user.login }), user.password, 'new-password')
        : notice('ok', t('users.added', { login: user.login })));
      addUser.reset();
      await reloadUsers();
    });
  } },
  h('h3', null, t('users.add')),
  h('div', { class: 'filter-fields' },
    field('user-login', t('users.login'), login),
    field('user-name-input', t('users.name'), name),
    field('user-unit', t('users.unit'), unitSelect),
    field('user-badge', t('users.badge'), badge),
    field('user-password', t('users.password_optional'), password)),
  h('fieldset', { class: 'roles' }, h('legend', null, t('users.roles')),
    roleBoxes.map((b) => h('label', { class: 'check' }, b, ' ', tv('role', b.value)))),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'user-add-submit' }, t('users.add_submit'))));

  // --- units -------------------------------------------------------------
  const unitColumns = [
    { key: 'code', label: t('units.code'), cell: (u) => u.code },
    { key: 'name', label: t('units.name'), cell: (u) => `${'\u3000'.repeat(u.depth)}${u.name}` },
    { key: 'kind', label: t('units.kind'), cell: (u) => tv('unitkind', u.kind) },
    { key: 'parent', label: t('units.parent'), cell: (u) => (u.parent ? unitName(u.parent) : t('common.none')) },
  ];
  const unitsBox = h('div');
  const parentSelect = h('select', { name: 'parent', 'data-testid': 'unit-parent' });
  function fillUnits() {
    unitsBox.replaceChildren(table(unitColumns, units, { testid: 'units-table', rowProps: (u) => ({ dataset: { unit: u.code } }) }));
    const options = () => units.map((u) => h('option', { value: u.code }, `${'\u3000'.repeat(u.depth)}${u.code} ${u.name}`));
    unitSelect.replaceChildren(...options());
    parentSelect.replaceChildren(...options());
    const root = units.find((u) => !u.parent);
    if (root) parentSelect.value = root.code;
  }
  const code = h('input', { name: 'code', required: true, autocomplete: 'off', 'data-testid': 'unit-code' });
  const unitNameInput = h('input', { name: 'name', required: true, 'data-testid': 'unit-name' });
  const kind = h('select', { name: 'kind', 'data-testid': 'unit-kind' }, UNIT_KINDS.map((k) => h('option', { value: k }, tv('unitkind', k))));
  const addUnit = h('form', { class: 'form', 'data-testid': 'unit-add', onsubmit: (e) => {
    e.preventDefault();
    act(async () => {
      const unit = await post('/api/v1/units', { code: code.value.trim(), name: unitNameInput.value.trim(), kind: kind.value, parent: parentSelect.value || null });
      show(notice('ok', t('units.added', { code: unit.code || code.value })));
      addUnit.reset();
      units = treeOrder(items(await get('/api/v1/units')));
      fillUnits();
    });
  } },
  h('h3', null, t('units.add')),
  h('div', { class: 'filter-fields' },
    field('unit-code', t('units.code'), code),
    field('unit-name', t('units.name'), unitNameInput),
    field('unit-kind', t('units.kind'), kind),
    field('unit-parent', t('units.parent'), parentSelect)),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'unit-add-submit' }, t('units.add_submit'))));

  fillUnits();
  view.append(
    h('section', { class: 'card' }, h('h2', null, t('users.users')), usersBox, addUser),
    h('section', { class: 'card' }, h('h2', null, t('units.title')), unitsBox, addUnit));
  await reloadUsers();
}
