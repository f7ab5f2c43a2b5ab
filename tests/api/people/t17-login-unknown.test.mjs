// A login that is no account answers as a real one does, failure after
// failure and once locked, in about the same time, and its failures are
// audited (issue 12, finding 8): the answers do not tell which logins exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfg } from '../../lib/config.mjs';
import { call, show, expectReason, addUser, allItems } from '../../lib/http.mjs';

const guess = (login, password) => call('POST', '/api/v1/session', { body: { login, password } });

// An answer with what may differ between two logins taken out: the minutes
// of a lock (the two locks began up to a second apart) and the digits of
// the message.
function shape(r) {
  const error = r.json?.error;
  return {
    status: r.status,
    cookies: r.headers.getSetCookie().length,
    code: error?.code,
    reason: error?.reason,
    args: { ...error?.args, minutes: typeof error?.args?.minutes },
    message: error?.message.replace(/\d+/g, 'N'),
  };
}

test('login: an unknown login answers as a real one with a wrong password, until both are locked', async () => {
  const real = 'enum-real';
  await addUser({ login: real, name: 'Enumeration', role: 'officer', unit: 'B01', password: 'Enum-real-2024-pass' });
  const unknown = 'enum-nobody';
  for (let i = 1; i <= cfg.lockout_failures + 2; i++) {
    const a = await guess(real, `Wrong-${i}-password`);
    const b = await guess(unknown, `Wrong-${i}-password`);
    assert.deepEqual(shape(b), shape(a), `failure ${i}: ${show(a)} / ${show(b)}`);
    if (i >= cfg.lockout_failures) {
      expectReason(b, 423, 'locked', 'account_locked', { failures: cfg.lockout_failures });
      assert.ok(Math.abs(a.json.error.args.minutes - b.json.error.args.minutes) <= 1, 'the same minutes');
    }
  }
  // The right password of the locked real account: the same answer again.
  const right = await guess(real, 'Enum-real-2024-pass');
  assert.deepEqual(shape(await guess(unknown, 'Enum-real-2024-pass')), shape(right), show(right));
});

test('login: an unknown login is refused in about the time of a wrong password (a password check)', async () => {
  const timed = async (login) => {
    const t0 = process.hrtime.bigint();
    const r = await guess(login, 'Wrong-timing-password');
    assert.equal(r.status, 401, show(r));
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  // Two accounts with two failures each: none is locked.
  for (const login of ['enum-timing-1', 'enum-timing-2']) {
    await addUser({ login, name: 'Timing', role: 'officer', unit: 'B01', password: 'Enum-timing-2024' });
  }
  const known = [];
  const unknown = [];
  // Turn about, so that a load on the machine weighs on both alike.
  for (let i = 0; i < 4; i++) {
    known.push(await timed(`enum-timing-${1 + (i % 2)}`));
    unknown.push(await timed(`enum-timing-none-${i}`));
  }
  const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const k = median(known);
  const u = median(unknown);
  assert.ok(u > k / 4 && u < k * 4, `unknown ${u.toFixed(1)} ms against known ${k.toFixed(1)} ms`);
});

test('login: the failed logins of an unknown login are audited', async () => {
  const unknown = 'enum-audited';
  expectReason(await guess(unknown, 'Wrong-audit-password'), 401, 'unauthorized', 'login_failed');
  const items = await allItems('admin', `/api/v1/audit?object=${unknown}`);
  assert.equal(items.length, 1, JSON.stringify(items));
  assert.equal(items[0].action, 'session.login_failed');
  assert.equal(items[0].actor, unknown);
  assert.equal(JSON.parse(items[0].after).unknown_login, true, 'marked as no account');
  assert.equal(items[0].client, '127.0.0.1');
});
