// Changing the password ends the user's other sessions, and the old
// password's guesses count with the lock-out (issue 12, finding 7). The
// server runs with SUNROAD_LOCKOUT_FAILURES=3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfg } from '../../lib/config.mjs';
import { call, show, expectStatus, expectReason, addUser, login, freshSession, allItems, post } from '../../lib/http.mjs';

const change = (session, old, fresh) => call('POST', '/api/v1/session/password', { session, body: { old, new: fresh } });
const alive = async (session) => (await call('GET', '/api/v1/session', { session })).status === 200;

test('password change: the other sessions of the user end, the one that changed it stays', async () => {
  const name = 'pw-sessions';
  await addUser({ login: name, name: 'Sessions', role: 'officer', unit: 'B01', password: 'Pw-sessions-2024' });
  const { session: here } = await login(name, 'Pw-sessions-2024');
  const { session: elsewhere } = await login(name, 'Pw-sessions-2024');
  const other = await freshSession('legal');
  assert.equal(await alive(here), true, 'the first session');
  assert.equal(await alive(elsewhere), true, 'the second session');
  assert.equal(await alive(other), true, "another user's session");
  expectStatus(await change(here, 'Pw-sessions-2024', 'Pw-sessions-2025'), 200);
  assert.equal(await alive(here), true, 'the session that changed the password goes on');
  expectReason(await call('GET', '/api/v1/session', { session: elsewhere }), 401, 'unauthorized', 'session_ended');
  assert.equal(await alive(other), true, "another user's session is untouched");
  const audit = await allItems('admin', `/api/v1/audit?object=${name}&action=user.change_password`);
  assert.equal(JSON.parse(audit[0].after).sessions_ended, 1, JSON.stringify(audit));
});

test('password change: wrong old passwords count with the lock-out and lock the account', async () => {
  const name = 'pw-guess';
  const password = 'Pw-guess-2024-pass';
  await addUser({ login: name, name: 'Guesses', role: 'officer', unit: 'B01', password });
  const { session } = await login(name, password);
  for (let i = 1; i < cfg.lockout_failures; i++) {
    expectReason(await change(session, `Wrong-${i}-password`, 'Pw-guess-2025-pass'), 403, 'forbidden', 'password_wrong');
  }
  expectReason(await change(session, 'Wrong-last-password', 'Pw-guess-2025-pass'), 423, 'locked', 'account_locked',
    { failures: cfg.lockout_failures });
  // Locked: the right old password is not even checked, and no login opens.
  expectReason(await change(session, password, 'Pw-guess-2025-pass'), 423, 'locked', 'account_locked');
  expectReason((await login(name, password)).r, 423, 'locked', 'account_locked');
  const audit = await allItems('admin', `/api/v1/audit?object=${name}&action=session.`);
  assert.equal(audit.filter((a) => a.after && JSON.parse(a.after).password_change === true).length, cfg.lockout_failures,
    JSON.stringify(audit.map((a) => a.action)));
  // The administrator unlocks; the right old password then works.
  expectStatus(await post('admin', `/api/v1/users/${name}/unlock`), 200);
  expectStatus(await change(session, password, 'Pw-guess-2025-pass'), 200);
});

test('password change: parallel wrong old passwords are no more checked than the lock-out allows', async () => {
  const name = 'pw-parallel';
  const password = 'Pw-parallel-2024';
  await addUser({ login: name, name: 'Guesses', role: 'officer', unit: 'B01', password });
  const { session } = await login(name, password);
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => change(session, `Wrong-${i}-password`, 'Pw-parallel-2025')));
  assert.equal(answers.filter((r) => r.status === 403).length, cfg.lockout_failures - 1, answers.map(show).join('\n'));
  assert.equal(answers.filter((r) => r.status === 423).length, 20 - (cfg.lockout_failures - 1));
});

test('password reset by an administrator ends every session of the user', async () => {
  const name = 'pw-reset';
  await addUser({ login: name, name: 'Reset', role: 'officer', unit: 'B01', password: 'Pw-reset-2024-pass' });
  const { session } = await login(name, 'Pw-reset-2024-pass');
  assert.equal(await alive(session), true);
  expectStatus(await post('admin', `/api/v1/users/${name}/reset-password`), 200);
  expectReason(await call('GET', '/api/v1/session', { session }), 401, 'unauthorized', 'session_ended');
});
