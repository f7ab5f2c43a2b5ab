// The lock-out: the server runs with SUNROAD_LOCKOUT_FAILURES=3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfg } from '../../lib/config.mjs';
import { call, show, expectStatus, expectError, login, allItems, passwordOf, loginOf } from '../../lib/http.mjs';

test('login: after 3 wrong passwords the account answers 423 locked, even to the right password', async () => {
  const name = loginOf('locky');
  const right = passwordOf(name);
  expectStatus((await login(name, right)).r, 200);
  for (let i = 1; i <= cfg.lockout_failures; i++) {
    const r = await call('POST', '/api/v1/session', { body: { login: name, password: `Wrong-${i}-password` } });
    if (i < cfg.lockout_failures) expectError(r, 401, 'unauthorized');
    else assert.ok([401, 423].includes(r.status), `failure ${i}: ${show(r)}`);
  }
  const locked = await call('POST', '/api/v1/session', { body: { login: name, password: right } });
  expectError(locked, 423, 'locked');
  assert.equal(locked.headers.getSetCookie().length, 0, 'no session for a locked account');
  const users = await allItems('admin', '/api/v1/users');
  assert.equal(users.find((u) => u.login === name)?.locked, true, 'the users list shows it locked');
});
