// The reasons of the people module's errors (docs/api.md, Errors): the
// session, the CSRF token, the roles, the password rules, and every field
// of the users and units forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, expectStatus, expectReason, login, as, get, freshSession, addUser, allItems, loginOf } from '../../lib/http.mjs';

const post = async (path, body) => call('POST', path, { session: await as('admin'), body });
const user = (fields) => ({ login: 'rs-user', name: '理由', role: 'officer', unit: 'B01', password: 'Reason-2024-pass', ...fields });

test('reasons: logging in', async () => {
  expectReason(await call('POST', '/api/v1/session', { body: {} }), 422, 'invalid', 'field_required', { field: 'login' });
  expectReason(await call('POST', '/api/v1/session', { body: { login: 'x' } }), 422, 'invalid', 'field_required', { field: 'password' });
  expectReason(await call('POST', '/api/v1/session', { body: { login: 'x', password: 5 } }), 422, 'invalid', 'field_type', { field: 'password', type: 'string' });
  expectReason(await call('POST', '/api/v1/session', { body: { login: loginOf('legal'), password: 'Wrong-password-1' } }), 401, 'unauthorized', 'login_failed');
  expectReason(await call('POST', '/api/v1/session', { body: { login: 'nobody-here', password: 'Wrong-password-1' } }), 401, 'unauthorized', 'login_failed');
});

test('reasons: the session, the CSRF token and the roles', async () => {
  expectReason(await call('GET', '/api/v1/sites'), 401, 'unauthorized', 'not_logged_in');
  expectReason(await call('GET', '/api/v1/sites', { headers: { cookie: 'sunroad_session=made-up' } }), 401, 'unauthorized', 'session_ended');
  const session = await freshSession('chief');
  expectStatus(await call('DELETE', '/api/v1/session', { session }), 200);
  expectReason(await call('GET', '/api/v1/sites', { session }), 401, 'unauthorized', 'session_ended');
  expectReason(await call('POST', '/api/v1/units', { session: await as('admin'), csrf: false, body: {} }), 403, 'forbidden', 'csrf_token');
  expectReason(await get('officer', '/api/v1/users'), 403, 'forbidden', 'role_forbidden', { method: 'GET', path: '/api/v1/users' });
});

test('reasons: a temporary password, and the rules of a new one', async () => {
  await addUser(user({ login: 'rs-temp', temporary: true }));
  const { session } = await login('rs-temp', 'Reason-2024-pass');
  expectReason(await call('GET', '/api/v1/sites', { session }), 403, 'forbidden', 'password_change_first');
  const change = (body) => call('POST', '/api/v1/session/password', { session, body });
  expectReason(await change({ old: 'Reason-2024-pass' }), 422, 'invalid', 'field_required', { field: 'new' });
  expectReason(await change({ old: 'Reason-2024-pass', new: 'short1' }), 422, 'invalid', 'password_too_short', { field: 'password', min: 10 });
  expectReason(await change({ old: 'Reason-2024-pass', new: 'onlylettersandnodigits' }), 422, 'invalid', 'password_letters_digits');
  expectReason(await change({ old: 'Reason-2024-pass', new: 'Reason-2024-pass' }), 422, 'invalid', 'password_unchanged', { field: 'new' });
  expectReason(await change({ old: 'Not-the-password-1', new: 'Reason-2025-pass' }), 403, 'forbidden', 'password_wrong', { field: 'old' });
});

test('reasons: every field of the users form', async () => {
  await addUser(user());
  const refused = [
    [user({ login: undefined }), 422, 'invalid', 'field_required', { field: 'login' }],
    [user({ login: 'Bad Login' }), 422, 'invalid', 'login_format', { field: 'login', max: 64 }],
    [user({ login: 'x'.repeat(65) }), 422, 'invalid', 'login_format', { field: 'login' }],
    [user(), 409, 'conflict', 'login_taken', { login: 'rs-user' }],
    [user({ login: 'rs-2', name: '' }), 422, 'invalid', 'field_required', { field: 'name' }],
    [user({ login: 'rs-2', name: 'n'.repeat(129) }), 422, 'invalid', 'field_too_long', { field: 'name', max: 128, got: 129 }],
    [user({ login: 'rs-2', role: 'boss' }), 422, 'invalid', 'roles_unknown', { field: 'roles', got: 'boss' }],
    [user({ login: 'rs-2', role: undefined, roles: [] }), 422, 'invalid', 'roles_required', { field: 'roles' }],
    [user({ login: 'rs-2', role: undefined }), 422, 'invalid', 'roles_required', { field: 'roles' }],
    [user({ login: 'rs-2', role: undefined, roles: ['officer', 3] }), 422, 'invalid', 'field_type', { field: 'roles' }],
    [user({ login: 'rs-2', unit: 'B99' }), 404, 'not_found', 'unit_unknown', { field: 'unit', unit: 'B99' }],
    [user({ login: 'rs-2', unit: undefined }), 422, 'invalid', 'field_required', { field: 'unit' }],
    [user({ login: 'rs-2', badge: 'b'.repeat(33) }), 422, 'invalid', 'field_too_long', { field: 'badge', max: 32 }],
    [user({ login: 'rs-2', password: 'short1' }), 422, 'invalid', 'password_too_short', { field: 'password', min: 10 }],
  ];
  for (const [body, status, code, reason, args] of refused) {
    expectReason(await post('/api/v1/users', body), status, code, reason, args);
  }
  const users = await allItems('admin', '/api/v1/users');
  assert.equal(users.some((u) => u.login === 'rs-2'), false, 'nothing stored');
});

test('reasons: every field of the units form', async () => {
  const unit = (fields) => ({ code: 'RS1', name: '理由中队', kind: 'squad', parent: 'B01', ...fields });
  const refused = [
    [unit({ code: 'rs-lower' }), 422, 'invalid', 'unit_code_format', { field: 'code', max: 32 }],
    [unit({ code: undefined }), 422, 'invalid', 'field_required', { field: 'code' }],
    [unit({ name: '' }), 422, 'invalid', 'field_required', { field: 'unit_name' }],
    [unit({ name: '队'.repeat(50) }), 422, 'invalid', 'field_too_long', { field: 'unit_name', max: 128 }],
    [unit({ kind: 'team' }), 422, 'invalid', 'unit_kind_unknown', { field: 'kind', got: 'team' }],
    [unit({ parent: 'NOPE' }), 404, 'not_found', 'parent_unknown', { field: 'parent', unit: 'NOPE' }],
    [unit({ code: 'B01' }), 409, 'conflict', 'unit_taken', { unit: 'B01' }],
  ];
  for (const [body, status, code, reason, args] of refused) {
    expectReason(await post('/api/v1/units', body), status, code, reason, args);
  }
});

test('reasons: an error without a more specific reason answers its code as the reason', async () => {
  // A static file that does not exist: the code alone.
  const r = await call('GET', '/no-such-file.js');
  assert.equal(r.status, 404);
  assert.equal(r.json.error.reason, 'not_found');
  assert.deepEqual(r.json.error.args, {});
});
