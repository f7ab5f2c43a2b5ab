// Editing users (PATCH name, roles, unit, badge), enabling and unlocking
// them: each audited with the user before and after and the client
// address; what an admin may not do to itself; and the audit log's
// filters (person, action, object, period) on the one cursor syntax.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfg } from '../../lib/config.mjs';
import { call, expectStatus, expectReason, login, as, get, getOk, allItems, addUser, loginOf } from '../../lib/http.mjs';

const admin = () => loginOf('admin');
const user = async (name) => (await allItems('admin', '/api/v1/users')).find((u) => u.login === name);
const patch = async (name, body) => call('PATCH', `/api/v1/users/${name}`, { session: await as('admin'), body });
const entries = async (query) => allItems('inspector', `/api/v1/audit?${query}`);
// Today in the server's calendar (UTC+08:00).
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

test('users: PATCH changes name, roles, unit and badge; the audit entry holds before and after', async () => {
  await addUser({ login: 'ed-user', name: '编辑前', role: 'officer', unit: 'B01', badge: '1001', password: 'Ed-user-2024-pass' });
  const r = expectStatus(await patch('ed-user', { name: '编辑后', roles: ['officer', 'legal'], unit: 'HQ', badge: '2002' }), 200);
  assert.deepEqual([r.json.login, r.json.name, r.json.roles, r.json.unit, r.json.badge], ['ed-user', '编辑后', ['officer', 'legal'], 'HQ', '2002']);
  const listed = await user('ed-user');
  assert.deepEqual([listed.name, listed.roles, listed.unit, listed.badge], ['编辑后', ['officer', 'legal'], 'HQ', '2002']);

  const [entry, ...more] = await entries('action=user.update&object=ed-user');
  assert.equal(more.length, 0, 'one entry');
  assert.equal(entry.actor, admin());
  assert.equal(entry.client, '127.0.0.1', 'the client address of the request');
  const before = JSON.parse(entry.before);
  const after = JSON.parse(entry.after);
  assert.deepEqual([before.name, before.roles, before.unit, before.badge], ['编辑前', 'officer', 'B01', '1001']);
  assert.deepEqual([after.name, after.roles, after.unit, after.badge], ['编辑后', 'officer,legal', 'HQ', '2002']);
  assert.ok(!('password_hash' in after) && !JSON.stringify(after).includes('argon2'), 'never the password');

  // One field alone; the others stay. The same values again log nothing.
  const one = expectStatus(await patch('ed-user', { badge: '3003' }), 200).json;
  assert.deepEqual([one.name, one.roles, one.unit, one.badge], ['编辑后', ['officer', 'legal'], 'HQ', '3003']);
  expectStatus(await patch('ed-user', { badge: '3003', name: '编辑后' }), 200);
  assert.equal((await entries('action=user.update&object=ed-user')).length, 2, 'an unchanged edit is not logged');
  // "role" (one) works as in POST.
  assert.deepEqual(expectStatus(await patch('ed-user', { role: 'officer' }), 200).json.roles, ['officer']);
});

test('users: a PATCH that is wrong is refused with its reason and changes nothing', async () => {
  const was = await user('ed-user');
  expectReason(await patch('ed-user', { unit: 'B99' }), 404, 'not_found', 'unit_unknown', { unit: 'B99' });
  expectReason(await patch('ed-user', { roles: ['boss'] }), 422, 'invalid', 'roles_unknown', { field: 'roles', got: 'boss' });
  expectReason(await patch('ed-user', { roles: [] }), 422, 'invalid', 'roles_required', { field: 'roles' });
  expectReason(await patch('ed-user', { roles: 'officer' }), 422, 'invalid', 'field_type', { field: 'roles', type: 'array of strings' });
  expectReason(await patch('ed-user', { name: '' }), 422, 'invalid', 'field_required', { field: 'name' });
  expectReason(await patch('ed-user', { name: '名'.repeat(50) }), 422, 'invalid', 'field_too_long', { field: 'name', max: 128, got: 150 });
  expectReason(await patch('ed-user', { badge: 'x'.repeat(33) }), 422, 'invalid', 'field_too_long', { field: 'badge', max: 32 });
  expectReason(await patch('ed-user', { badge: 7 }), 422, 'invalid', 'field_type', { field: 'badge', type: 'string' });
  expectReason(await patch('ed-user', { password: 'Another-2024-pass' }), 422, 'invalid', 'field_not_editable', { field: 'password' });
  expectReason(await patch('ed-user', { name: 'x', disabled: false }), 422, 'invalid', 'field_not_editable', { field: 'disabled' });
  expectReason(await patch('ed-user', [1]), 422, 'invalid', 'body_not_object');
  expectReason(await patch('nobody-here', { name: 'x' }), 404, 'not_found', 'user_unknown', { login: 'nobody-here' });
  assert.deepEqual(await user('ed-user'), was);
});

test('users: an admin cannot remove its own admin role nor disable itself', async () => {
  expectReason(await patch(admin(), { roles: ['officer'] }), 403, 'forbidden', 'self_admin_role', { login: admin() });
  expectReason(await call('POST', `/api/v1/users/${admin()}/disable`, { session: await as('admin') }), 403, 'forbidden', 'self_disable', { login: admin() });
  const me = await user(admin());
  assert.deepEqual([me.roles, me.disabled], [['admin'], false]);
  // Adding a role to itself, keeping admin, is allowed.
  assert.deepEqual(expectStatus(await patch(admin(), { roles: ['admin', 'inspector'] }), 200).json.roles, ['admin', 'inspector']);
  expectStatus(await patch(admin(), { roles: ['admin'] }), 200);
});

test('users: new roles apply to the next request of an open session', async () => {
  const { session } = await login('ed-user', 'Ed-user-2024-pass');
  expectReason(await call('GET', '/api/v1/audit', { session }), 403, 'forbidden', 'role_forbidden', { method: 'GET', path: '/api/v1/audit' });
  expectStatus(await patch('ed-user', { roles: ['inspector'] }), 200);
  expectStatus(await call('GET', '/api/v1/audit?limit=1', { session }), 200);
  expectStatus(await patch('ed-user', { roles: ['officer'] }), 200);
});

test('users: enable lets a disabled account log in again; audited', async () => {
  expectStatus(await call('POST', '/api/v1/users/ed-user/disable', { session: await as('admin') }), 200);
  expectReason((await login('ed-user', 'Ed-user-2024-pass')).r, 403, 'forbidden', 'account_disabled', { login: 'ed-user' });
  const r = expectStatus(await call('POST', '/api/v1/users/ed-user/enable', { session: await as('admin') }), 200);
  assert.equal(r.json.disabled, false);
  expectStatus((await login('ed-user', 'Ed-user-2024-pass')).r, 200);
  const [enabled] = await entries('action=user.enable&object=ed-user');
  assert.deepEqual([JSON.parse(enabled.before).disabled, JSON.parse(enabled.after).disabled], [true, false]);
  const [disabled] = await entries('action=user.disable&object=ed-user');
  assert.deepEqual([JSON.parse(disabled.before).disabled, JSON.parse(disabled.after).disabled], [false, true]);
  expectReason(await call('POST', '/api/v1/users/nobody-here/enable', { session: await as('admin') }), 404, 'not_found', 'user_unknown');
});

test('users: unlock lifts the lock after failed logins; audited', async () => {
  for (let i = 1; i <= cfg.lockout_failures; i++) await login('ed-user', `Wrong-${i}-password`);
  const locked = expectReason((await login('ed-user', 'Ed-user-2024-pass')).r, 423, 'locked', 'account_locked', { failures: cfg.lockout_failures });
  assert.ok(locked.json.error.args.minutes >= 1, 'how long it stays locked');
  assert.equal((await user('ed-user')).locked, true);
  const r = expectStatus(await call('POST', '/api/v1/users/ed-user/unlock', { session: await as('admin') }), 200);
  assert.equal(r.json.locked, false);
  expectStatus((await login('ed-user', 'Ed-user-2024-pass')).r, 200);
  const [unlock] = await entries('action=user.unlock&object=ed-user');
  assert.deepEqual([JSON.parse(unlock.before).locked, JSON.parse(unlock.after).locked], [true, false]);
  assert.equal(unlock.client, '127.0.0.1');
});

test('audit: filters by person, action (or family), object and period, paged with one cursor syntax', async () => {
  const all = await entries('');
  const mine = await entries(`actor=${admin()}`);
  assert.ok(mine.length > 0 && mine.every((a) => a.actor === admin()));
  assert.deepEqual(mine.map((a) => a.seq), all.filter((a) => a.actor === admin()).map((a) => a.seq));
  const family = await entries('action=user.');
  assert.ok(family.length > 0 && family.every((a) => a.action.startsWith('user.')));
  assert.deepEqual(family.map((a) => a.seq), all.filter((a) => a.action.startsWith('user.')).map((a) => a.seq));
  const object = await entries('object=ed-user');
  assert.deepEqual(object.map((a) => a.seq), all.filter((a) => a.object === 'ed-user').map((a) => a.seq));
  const both = await entries(`object=ed-user&actor=${admin()}&action=user.update`);
  assert.ok(both.length >= 3 && both.every((a) => a.object === 'ed-user' && a.action === 'user.update'));
  assert.ok((await entries('action=user')).length === 0, 'an action without its dot is one action');

  assert.equal((await entries(`from=${today}&to=${today}`)).length, all.filter((a) => a.at.startsWith(today)).length);
  assert.equal((await entries('from=2000-01-01&to=2000-12-31')).length, 0);
  assert.equal((await entries(`from=${today}`)).length, all.filter((a) => a.at >= today).length);

  // Page by page with the filter, as the page does: the same entries.
  const pages = [];
  let next = null;
  do {
    const body = await getOk('inspector', `/api/v1/audit?object=ed-user&limit=2${next ? `&after=${next}` : ''}`);
    assert.ok(body.items.length <= 2);
    pages.push(...body.items);
    next = body.next;
  } while (next);
  assert.deepEqual(pages.map((a) => a.seq), object.map((a) => a.seq));
  for (const a of all) assert.ok('client' in a, 'every entry says its client (null before it was recorded)');
  const r = await get('inspector', '/api/v1/audit?limit=1');
  assert.equal(typeof r.json.next, 'string');
});
