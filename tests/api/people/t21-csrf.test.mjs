// CSRF on the writes of users and units (tests/lib/matrix.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfg } from '../../lib/config.mjs';
import { call, expectStatus, expectError, login, as, freshSession, getOk, allItems } from '../../lib/http.mjs';
import { csrfChecks } from '../../lib/matrix.mjs';

test('CSRF (users and units): a write without X-CSRF-Token or with a wrong one answers 403 and changes nothing', async (t) => {
  const victim = 'csrf-victim';
  for (const login of [victim, 'csrf-disabled', 'csrf-locked']) {
    expectStatus(await call('POST', '/api/v1/users', {
      session: await as('admin'), body: { login, name: 'CSRF victim', role: 'officer', unit: 'B01', password: 'Victim-2024-pass' },
    }), 201);
  }
  expectStatus(await call('POST', '/api/v1/users/csrf-disabled/disable', { session: await as('admin') }), 200);
  for (let i = 0; i < cfg.lockout_failures; i++) await login('csrf-locked', `Wrong-${i}-password`);
  const user = async (login) => (await allItems('admin', '/api/v1/users')).find((u) => u.login === login);
  assert.equal((await user('csrf-locked')).locked, true, 'csrf-locked is locked');
  await csrfChecks(t, [
    {
      what: 'POST /api/v1/users', method: 'POST', path: '/api/v1/users',
      body: { login: 'csrf-made', name: 'x', role: 'officer', unit: 'B01', password: 'Csrf-made-2024' },
      unchanged: async () => assert.equal((await allItems('admin', '/api/v1/users')).some((u) => u.login === 'csrf-made'), false, 'no user csrf-made'),
    },
    {
      what: 'POST /api/v1/units', method: 'POST', path: '/api/v1/units',
      body: { code: 'CSRF1', name: 'x', kind: 'brigade', parent: 'HQ' },
      unchanged: async () => assert.equal((await getOk('admin', '/api/v1/units')).items.some((u) => u.code === 'CSRF1'), false, 'no unit CSRF1'),
    },
    {
      what: 'POST /api/v1/users/{login}/disable', method: 'POST', path: `/api/v1/users/${victim}/disable`,
      unchanged: async () => assert.equal((await allItems('admin', '/api/v1/users')).find((u) => u.login === victim).disabled, false, 'not disabled'),
    },
    {
      what: 'PATCH /api/v1/users/{login}', method: 'PATCH', path: `/api/v1/users/${victim}`, body: { name: 'renamed', roles: ['admin'] },
      unchanged: async () => assert.deepEqual([(await user(victim)).name, (await user(victim)).roles], ['CSRF victim', ['officer']], 'not edited'),
    },
    {
      what: 'POST /api/v1/users/{login}/enable', method: 'POST', path: '/api/v1/users/csrf-disabled/enable',
      unchanged: async () => assert.equal((await user('csrf-disabled')).disabled, true, 'still disabled'),
    },
    {
      what: 'POST /api/v1/users/{login}/unlock', method: 'POST', path: '/api/v1/users/csrf-locked/unlock',
      unchanged: async () => assert.equal((await user('csrf-locked')).locked, true, 'still locked'),
    },
    {
      what: 'POST /api/v1/users/{login}/reset-password', method: 'POST', path: `/api/v1/users/${victim}/reset-password`,
      unchanged: async () => expectStatus((await login(victim, 'Victim-2024-pass')).r, 200),
    },
  ]);
  // Another session's token is a wrong token too.
  await t.test('POST /api/v1/users with the token of another session', async () => {
    const mine = await freshSession('admin');
    const other = await freshSession('admin');
    expectError(await call('POST', '/api/v1/users', {
      session: mine, csrf: other.csrf,
      body: { login: 'csrf-made', name: 'x', role: 'officer', unit: 'B01', password: 'Csrf-made-2024' },
    }), 403, 'forbidden');
    assert.equal((await allItems('admin', '/api/v1/users')).some((u) => u.login === 'csrf-made'), false);
  });
});
