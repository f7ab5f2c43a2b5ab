// Sessions: the login and its cookie, a wrong password, the first-login
// password change, the idle end and the logout (docs/api.md, Conventions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfg } from '../../lib/config.mjs';
import { call, show, expectStatus, expectError, login, freshSession, passwordOf, setPassword, loginOf } from '../../lib/http.mjs';
import { YEAR, b01Sites } from '../overlimit/data.mjs';

test('login: the right password opens a session with an HttpOnly, SameSite=Strict cookie', async () => {
  const { r, session } = await login(loginOf('legal'), passwordOf(loginOf('legal')));
  assert.equal(r.status, 200, show(r));
  assert.equal(typeof r.json.csrf, 'string');
  assert.ok(r.json.csrf.length >= 16, 'a CSRF token of some length');
  assert.equal(r.json.user.login, loginOf('legal'));
  assert.deepEqual(r.json.user.roles, ['legal']);
  assert.equal(r.json.user.unit, 'B01');
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('sunroad_session='));
  assert.ok(cookie, `a sunroad_session cookie: ${r.headers.getSetCookie()}`);
  assert.match(cookie, /;\s*HttpOnly(;|$)/i);
  assert.match(cookie, /;\s*SameSite=Strict(;|$)/i);
  assert.match(cookie, /;\s*Path=\/(;|$)/);
  // The cookie is the session: GET /api/v1/session answers the same token.
  const again = expectStatus(await call('GET', '/api/v1/session', { session }), 200);
  assert.equal(again.json.csrf, r.json.csrf);
  assert.equal(again.json.user.login, loginOf('legal'));
  // And no cookie, no session.
  expectError(await call('GET', '/api/v1/session'), 401, 'unauthorized');
});

test('login: a wrong password and an unknown login both answer 401 unauthorized', async () => {
  const wrong = await call('POST', '/api/v1/session', { body: { login: loginOf('inspector'), password: 'Wrong-password-123' } });
  expectError(wrong, 401, 'unauthorized');
  assert.equal(wrong.headers.getSetCookie().length, 0, 'no cookie for a failed login');
  const unknown = await call('POST', '/api/v1/session', { body: { login: 'nobody-here', password: 'Wrong-password-123' } });
  expectError(unknown, 401, 'unauthorized');
  assert.equal(unknown.headers.getSetCookie().length, 0, 'no cookie for a failed login');
  // The inspector's one failure does not lock it: the right password works.
  expectStatus((await login(loginOf('inspector'), passwordOf(loginOf('inspector')))).r, 200);
});

test('login: a user with a temporary password must change it before anything else', async () => {
  const name = loginOf('newbie');
  const initial = passwordOf(name);
  const { r, session } = await login(name, initial);
  expectStatus(r, 200);
  assert.equal(r.json.user.must_change_password, true);
  for (const p of ['/api/v1/sites', '/api/v1/detections?limit=1', `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}`, '/api/v1/screening']) {
    expectError(await call('GET', p, { session }), 403, 'forbidden');
  }
  // A weak new password is refused, and nothing changes.
  expectError(await call('POST', '/api/v1/session/password', { session, body: { old: initial, new: 'short1' } }), 422, 'invalid');
  expectError(await call('POST', '/api/v1/session/password', { session, body: { old: initial, new: 'onlylettersandnodigits' } }), 422, 'invalid');
  expectError(await call('GET', '/api/v1/sites', { session }), 403, 'forbidden');
  // A wrong old password is refused too.
  const wrongOld = await call('POST', '/api/v1/session/password', { session, body: { old: 'Not-the-password-1', new: 'Newbie-2024-strong' } });
  assert.ok(wrongOld.status >= 400 && wrongOld.status < 500, show(wrongOld));
  expectError(await call('GET', '/api/v1/sites', { session }), 403, 'forbidden');
  // The change.
  const ok = expectStatus(await call('POST', '/api/v1/session/password', { session, body: { old: initial, new: 'Newbie-2024-strong' } }), 200);
  assert.deepEqual(ok.json, { ok: true });
  setPassword(name, 'Newbie-2024-strong');
  const sites = expectStatus(await call('GET', '/api/v1/sites', { session }), 200);
  assert.deepEqual(sites.json.items.map((s) => s.code).sort(), b01Sites);
  const me = expectStatus(await call('GET', '/api/v1/session', { session }), 200);
  assert.equal(me.json.user.must_change_password, false);
  // The old password no longer opens a session; the new one does.
  expectError((await login(name, initial)).r, 401, 'unauthorized');
  expectStatus((await login(name, 'Newbie-2024-strong')).r, 200);
});

test('session: unused for 4.5 s (idle limit 3 s) it ends with 401', async () => {
  const session = await freshSession('inspector');
  expectStatus(await call('GET', '/api/v1/session', { session }), 200);
  await new Promise((resolve) => setTimeout(resolve, (cfg.session_idle_s + 1.5) * 1000));
  expectError(await call('GET', '/api/v1/session', { session }), 401, 'unauthorized');
  expectError(await call('GET', '/api/v1/sites', { session }), 401, 'unauthorized');
});

test('session: logout (DELETE with the CSRF token) ends it; the old cookie then gets 401', async () => {
  const session = await freshSession('chief');
  const r = expectStatus(await call('DELETE', '/api/v1/session', { session }), 200);
  assert.deepEqual(r.json, { ok: true });
  expectError(await call('GET', '/api/v1/session', { session }), 401, 'unauthorized');
  expectError(await call('GET', '/api/v1/sites', { session }), 401, 'unauthorized');
  expectError(await call('DELETE', '/api/v1/session', { session }), 401, 'unauthorized');
});
