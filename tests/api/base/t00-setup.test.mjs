// The API end to end (docs/api.md), against the server tests/api/run.sh
// started on a fresh database: a generated year 2023, one user of every
// role, two device keys. The files run in one process, in the order of
// their numbers across the modules (tests/lib/suite.mjs), and share the
// database: what one test stores, a later one may see.
//
// The server runs with SUNROAD_SESSION_IDLE=3 and SUNROAD_LOCKOUT_FAILURES=3:
// a session unused for more than 3 s ends, so the sessions kept by
// tests/lib/http.mjs are renewed (by a new login) when idle for 2 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, show, expectStatus, login, keep, passwordOf, setPassword, loginOf } from '../../lib/http.mjs';
import { ROLES } from '../../lib/docs.mjs';

test('set-up: the server is up', async () => {
  const r = expectStatus(await call('GET', '/healthz'), 200);
  assert.equal(r.json.status, 'ok');
  assert.ok(['sqlite', 'postgres'].includes(r.json.db), `db: ${r.json.db}`);
});

test('set-up: every role user logs in, and changes its password (one it chose: not forced)', async () => {
  for (const who of [...ROLES, 'officer2']) {
    const name = loginOf(who);
    const { r, session } = await login(name, passwordOf(name));
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.user.must_change_password, false, `${name}'s password came on stdin: its own, not temporary`);
    const fresh = `${passwordOf(name)}-settled9`;
    expectStatus(await call('POST', '/api/v1/session/password', { session, body: { old: passwordOf(name), new: fresh } }), 200);
    setPassword(name, fresh);
    keep(who, session);
  }
});
