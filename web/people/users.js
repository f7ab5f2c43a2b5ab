// #/users (admin): the accounts (GET/POST /api/v1/users; edit with PATCH;
// disable, enable, unlock, reset-password) and the unit tree (GET/POST
// /api/v1/units). Generated passwords are shown once, in the message area
// above the lists. The roles to choose from are the server's (GET
// /api/v1/routes); their labels are this module's strings (role.*). The
// badge number is the number of the enforcement certificate (执法证), whose
// validity (cert_valid_from, cert_valid_to) the list shows, marked when it
// has expired or ends within CERT_SOON_DAYS.
import { get, post, patch, items } from '../base/api.js';
import { t, tv } from '../base/i18n.js';
import { h, table, field, secretBox, errorNotice, notice } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { sortTable } from '../base/sorttable.js';
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

const CERT_SOON_DAYS = 30;
const dayNumber = (s) => Math.round(Date.parse(`${String(s).slice(0, 10)}T00:00:00Z`) / 86400000);
// Today in the agency's calendar (UTC+08:00), whatever the browser's zone.
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

// The state of a user's certificate today: 'none' (no day on record),
// 'expired' (its last day has passed), 'expiring' (it ends within
// CERT_SOON_DAYS), 'not_yet' (its first day is still to come), else 'valid'.
export function certificateState(u, on = today()) {
  if (!u.cert_valid_from && !u.cert_valid_to) return 'none';
  const day = dayNumber(on);
  if (u.cert_valid_to && dayNumber(u.cert_valid_to) < day) return 'expired';
  if (u.cert_valid_from && dayNumber(u.cert_valid_from) > day) return 'not_yet';
  if (u.cert_valid_to && dayNumber(u.cert_valid_to) - day <= CERT_SOON_DAYS) return 'expiring';
  return 'valid';
}
const CERT_BADGE = { expired: 'badge-bad', expiring: 'badge-warn', not_yet: 'badge-muted' };

// "2025-03-01 至 2027-02-28" and, when it needs attention, its state.
function certificate(u) {
  const state = certificateState(u);
  if (state === 'none') return h('span', { 'data-cert': state }, t('common.none'));
  const range = t('users.cert_range', { from: fmt.date(u.cert_valid_from), to: fmt.date(u.cert_valid_to) });
  const left = u.cert_valid_to ? dayNumber(u.cert_valid_to) - dayNumber(today()) : null;
  return h('span', { class: 'cert', 'data-cert': state },
    h('span', null, range),
    CERT_BADGE[state] ? [' ', h('span', { class: `badge ${CERT_BADGE[state]}`, title: state === 'expiring' ? t('users.cert_days_left', { days: left }) : null }, t(`users.cert_${state}`))] : null);
}

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
  const path = (u, action) => `/api/v1/users/${encodeURIComponent(u.login)}${action ? `/${action}` : ''}`;
  const me = session.user.login;
  // A change of one account by a button: say what was done, show the list again.
  const change = (u, action, done) => act(async () => {
    await post(path(u, action), {});
    show(notice('ok', t(done, { login: u.login })));
    await reloadUsers();
  });

  let units = treeOrder(items(await get('/api/v1/units')));
  const unitName = (code) => { const u = units.find((x) => x.code === code); return u ? `${u.code} ${u.name}` : code ?? t('common.none'); };

  // --- users -------------------------------------------------------------
  const userColumns = [
    { key: 'login', label: t('users.login'), cell: (u) => h('span', { 'data-raw': '' }, u.login), value: (u) => u.login },
    { key: 'name', label: t('users.name'), cell: (u) => u.name },
    { key: 'roles', label: t('users.roles'), cell: (u) => (u.roles || []).map((r) => tv('role', r)).join(t('common.list_sep')) },
    { key: 'unit', label: t('users.unit'), cell: (u) => unitName(u.unit) },
    { key: 'badge', label: t('users.badge'), cell: (u) => u.badge || t('common.none') },
    { key: 'cert', label: t('users.cert'), cell: certificate, value: (u) => u.cert_valid_to || u.cert_valid_from || '' },
    { key: 'status', label: t('users.status'), cell: status, value: (u) => status(u).textContent },
    { key: 'actions', label: t('users.actions'), sortable: false, cell: (u) => h('span', { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `edit-${u.login}`, onclick: () => openEdit(u) }, t('users.edit')),
      u.locked ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `unlock-${u.login}`, onclick: () => change(u, 'unlock', 'users.unlocked') }, t('users.unlock')) : null,
      u.disabled
        ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `enable-${u.login}`, onclick: () => change(u, 'enable', 'users.enabled') }, t('users.enable'))
        // No button to disable oneself: an admin could lock everyone out (the server refuses too).
        : u.login === me ? null : h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-testid': `disable-${u.login}`, onclick: () => {
          if (window.confirm(t('users.disable_confirm', { login: u.login }))) change(u, 'disable', 'users.disabled_done');
        } }, t('users.disable')),
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `reset-${u.login}`, onclick: () => act(async () => {
        if (!window.confirm(t('users.reset_confirm', { login: u.login }))) return;
        const res = await post(path(u, 'reset-password'), {});
        show(secretBox(t('users.password_once', { login: u.login }), res.password, 'new-password'));
        await reloadUsers();
      }) }, t('users.reset'))) },
  ];

  // --- editing one user: name, roles, unit, badge and its certificate (PATCH)
  const editBox = h('section', { class: 'card edit-user', hidden: true, 'data-testid': 'user-edit' });
  function openEdit(u) {
    const name = h('input', { name: 'name', required: true, value: u.name, 'data-testid': 'edit-name' });
    const badge = h('input', { name: 'badge', value: u.badge || '', 'data-testid': 'edit-badge' });
    // An emptied day is sent as null: it comes off the record.
    const certFrom = h('input', { name: 'cert_valid_from', type: 'date', value: u.cert_valid_from || '', 'data-testid': 'edit-cert-from' });
    const certTo = h('input', { name: 'cert_valid_to', type: 'date', value: u.cert_valid_to || '', 'data-testid': 'edit-cert-to' });
    const unit = h('select', { name: 'unit', 'data-testid': 'edit-unit' }, unitOptions());
    unit.value = u.unit;
    // One's own admin role stays: the server refuses to remove it.
    const roleBoxes = serverRoles().map((r) => h('input', {
      type: 'checkbox', name: 'roles', value: r, checked: (u.roles || []).includes(r),
      disabled: u.login === me && r === 'admin', 'data-testid': `edit-role-${r}`,
    }));
    const form = h('form', { class: 'form', onsubmit: (e) => {
      e.preventDefault();
      act(async () => {
        const roles = roleBoxes.filter((b) => b.checked).map((b) => b.value);
        const user = await patch(path(u), {
          name: name.value.trim(), roles, unit: unit.value, badge: badge.value.trim(),
          cert_valid_from: certFrom.value || null, cert_valid_to: certTo.value || null,
        });
        editBox.hidden = true;
        show(notice('ok', t('users.saved', { login: user.login })));
        await reloadUsers();
      });
    } },
    h('h2', null, t('users.edit_title'), ' ', h('span', { 'data-raw': '' }, u.login)),
    h('div', { class: 'filter-fields' },
      field('edit-name', t('users.name'), name),
      field('edit-unit', t('users.unit'), unit),
      field('edit-badge', t('users.badge'), badge),
      field('edit-cert-from', t('users.cert_from'), certFrom, t('users.cert_hint')),
      field('edit-cert-to', t('users.cert_to'), certTo)),
    h('fieldset', { class: 'roles' }, h('legend', null, t('users.roles')),
      roleBoxes.map((b) => h('label', { class: 'check' }, b, ' ', tv('role', b.value)))),
    u.login === me ? h('p', { class: 'hint' }, t('users.own_admin')) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'edit-submit' }, t('users.save')),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'edit-cancel', onclick: () => { editBox.hidden = true; } }, t('common.cancel'))));
    editBox.replaceChildren(form);
    editBox.hidden = false;
    message.replaceChildren();
    editBox.scrollIntoView({ block: 'nearest' });
    name.focus();
  }
  const usersBox = h('div');
  async function reloadUsers() {
    // The users of a detachment are a few hundred: had whole, sorted here.
    usersBox.replaceChildren(h('p', { class: 'loading' }, t('app.loading')));
    const users = [];
    try {
      let after = null;
      do {
        const page = await get('/api/v1/users', { limit: 1000, after });
        users.push(...items(page));
        after = page.next;
      } while (after);
    } catch (err) {
      usersBox.replaceChildren(errorNotice(err));
      return;
    }
    usersBox.replaceChildren(h('div', { 'data-testid': 'users-list' },
      h('p', { class: 'page-total', 'data-testid': 'list-total', dataset: { total: users.length } }, t('page.total', { n: users.length })),
      sortTable(userColumns, users, { testid: 'users-table', sortKey: 'login', desc: false, cards: true,
        rowProps: (u) => ({ dataset: { login: u.login }, class: u.disabled ? 'row-muted' : certificateState(u) === 'expired' ? 'row-alert' : null }) })));
  }

  const login = h('input', { name: 'login', required: true, autocomplete: 'off', 'data-testid': 'user-login' });
  const name = h('input', { name: 'name', required: true, 'data-testid': 'user-name-input' });
  const roleBoxes = serverRoles().map((r) => h('input', { type: 'checkbox', name: 'roles', value: r, 'data-testid': `user-role-${r}` }));
  const unitSelect = h('select', { name: 'unit', required: true, 'data-testid': 'user-unit' });
  const badge = h('input', { name: 'badge', 'data-testid': 'user-badge' });
  const certFrom = h('input', { name: 'cert_valid_from', type: 'date', 'data-testid': 'user-cert-from' });
  const certTo = h('input', { name: 'cert_valid_to', type: 'date', 'data-testid': 'user-cert-to' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', minlength: 10, 'data-testid': 'user-password' });
  const addUser = h('form', { class: 'form', 'data-testid': 'user-add', onsubmit: (e) => {
    e.preventDefault();
    const roles = roleBoxes.filter((b) => b.checked).map((b) => b.value);
    if (!roles.length) { show(notice('error', t('users.roles_required'))); return; }
    act(async () => {
      const body = {
        login: login.value.trim(), name: name.value.trim(), roles, unit: unitSelect.value, badge: badge.value.trim(),
        cert_valid_from: certFrom.value || null, cert_valid_to: certTo.value || null,
      };
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
    field('user-cert-from', t('users.cert_from'), certFrom, t('users.cert_hint')),
    field('user-cert-to', t('users.cert_to'), certTo),
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
  const unitOptions = () => units.map((u) => h('option', { value: u.code }, `${'\u3000'.repeat(u.depth)}${u.code} ${u.name}`));
  const parentSelect = h('select', { name: 'parent', 'data-testid': 'unit-parent' });
  function fillUnits() {
    unitsBox.replaceChildren(table(unitColumns, units, { testid: 'units-table', cards: true, rowProps: (u) => ({ dataset: { unit: u.code } }) }));
    unitSelect.replaceChildren(...unitOptions());
    parentSelect.replaceChildren(...unitOptions());
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
    editBox,
    h('section', { class: 'card' }, h('h2', null, t('users.users')), usersBox, addUser),
    h('section', { class: 'card' }, h('h2', null, t('units.title')), unitsBox, addUnit));
  await reloadUsers();
}
