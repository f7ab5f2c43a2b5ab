// CSRF: every write with a session needs the session's X-CSRF-Token.
// Each module checks its own writes with tests/lib/matrix.mjs; here the
// session's own.
import { test } from 'node:test';
import { call, expectStatus, login, passwordOf, loginOf } from '../../lib/http.mjs';
import { csrfChecks } from '../../lib/matrix.mjs';

test('CSRF (the session): a write without X-CSRF-Token or with a wrong one answers 403 and changes nothing', async (t) => {
  await csrfChecks(t, [
    {
      what: 'POST /api/v1/session/password', method: 'POST', path: '/api/v1/session/password',
      body: () => ({ old: passwordOf(loginOf('admin')), new: 'Csrf-changed-2024' }),
      // The password is still the old one (a failed login here would count
      // towards the admin's lock-out).
      unchanged: async () => expectStatus((await login(loginOf('admin'), passwordOf(loginOf('admin')))).r, 200),
    },
    {
      what: 'DELETE /api/v1/session', method: 'DELETE', path: '/api/v1/session',
      unchanged: async (session) => expectStatus(await call('GET', '/api/v1/session', { session }), 200),
    },
  ]);
});
