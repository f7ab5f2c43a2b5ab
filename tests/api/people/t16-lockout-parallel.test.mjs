// The lock-out holds against guesses sent in parallel (issue 12, finding
// 1): each guess is counted before its password is checked, so no more are
// checked than the lock-out allows, however many arrive at once. The server
// runs with SUNROAD_LOCKOUT_FAILURES=3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfg } from '../../lib/config.mjs';
import { call, show, expectReason, addUser, allItems } from '../../lib/http.mjs';

const guess = (login, password) => call('POST', '/api/v1/session', { body: { login, password } });

// The guesses whose password was checked: each failed one is audited.
async function checkedGuesses(login) {
  const items = await allItems('admin', `/api/v1/audit?object=${encodeURIComponent(login)}&action=session.`);
  return items.filter((a) => a.action === 'session.login_failed' || a.action === 'session.locked');
}

test('lock-out: of 40 parallel wrong guesses only as many as the lock-out allows are checked', async () => {
  const login = 'par-forty';
  await addUser({ login, name: 'Parallel guesses', role: 'officer', unit: 'B01', password: 'Par-forty-2024-pass' });
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => guess(login, `Wrong-${i}-guess`)));
  for (const r of answers) assert.ok(r.status === 401 || r.status === 423, show(r));
  assert.equal(answers.filter((r) => r.status === 401).length, cfg.lockout_failures - 1,
    `${cfg.lockout_failures - 1} answers say wrong, the rest locked: ${answers.map((r) => r.status).join(' ')}`);
  const checked = await checkedGuesses(login);
  assert.equal(checked.length, cfg.lockout_failures, `guesses checked: ${checked.length}`);
  assert.equal(checked.filter((a) => a.action === 'session.locked').length, 1, 'one of them locked the account');
  expectReason(await guess(login, 'Par-forty-2024-pass'), 423, 'locked', 'account_locked', { failures: cfg.lockout_failures });
});

test('lock-out: after 9 parallel wrong guesses the right password is refused', async () => {
  const login = 'par-nine';
  const password = 'Par-nine-2024-pass';
  await addUser({ login, name: 'Parallel guesses', role: 'officer', unit: 'B01', password });
  await Promise.all(Array.from({ length: 9 }, (_, i) => guess(login, `Wrong-${i}-guess`)));
  const right = expectReason(await guess(login, password), 423, 'locked', 'account_locked');
  assert.equal(right.headers.getSetCookie().length, 0, 'no session for a locked account');
  assert.ok((await checkedGuesses(login)).length <= cfg.lockout_failures, 'no more guesses checked than allowed');
});
