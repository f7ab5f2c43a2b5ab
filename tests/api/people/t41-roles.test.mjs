// The role matrix of the people module's routes (tests/lib/matrix.mjs),
// and that the refused calls changed nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, expectStatus, expectError, login, as, getOk, allItems, passwordOf, setPassword, loginOf } from '../../lib/http.mjs';
import { roleMatrix } from '../../lib/matrix.mjs';

test('role matrix (people): every endpoint of docs/api.md × every role and anonymous', async (t) => {
  // Users to disable and reset.
  const admin = await as('admin');
  for (const login of ['mx-target', 'mx-disable-me', 'mx-reset-me', 'mx-edit-me', 'mx-enable-me', 'mx-unlock-me']) {
    expectStatus(await call('POST', '/api/v1/users', {
      session: admin, body: { login, name: login, role: 'officer', unit: 'B01', password: 'Matrix-2024-pass' },
    }), 201);
  }
  let n = 0;
  const refusedUnits = [];
  const refusedUsers = [];

  await roleMatrix(t, 'people', {
    'POST /api/v1/session': (role) => {
      const who = role === 'anonymous' ? 'inspector' : role;
      return { body: { login: loginOf(who), password: passwordOf(loginOf(who)) } };
    },
    'GET /api/v1/session': () => ({}),
    'DELETE /api/v1/session': () => ({ fresh: true }),
    'POST /api/v1/session/password': (role) => {
      if (role === 'anonymous') return { body: { old: 'x', new: 'Anonymous-2024-x' } };
      const name = loginOf(role);
      const next = `Matrix-${role}-2024-pass`;
      return { body: { old: passwordOf(name), new: next }, after: () => setPassword(name, next) };
    },
    'GET /api/v1/units': () => ({}),
    'POST /api/v1/units': (role) => {
      const code = `MX${++n}`;
      if (role !== 'admin') refusedUnits.push(code);
      return { body: { code, name: `matrix ${code}`, kind: 'brigade', parent: 'HQ' } };
    },
    'GET /api/v1/users': () => ({}),
    'POST /api/v1/users': (role) => {
      const login = `mx-new-${++n}`;
      if (role !== 'admin') refusedUsers.push(login);
      return { body: { login, name: login, role: 'officer', unit: 'B01', password: 'Matrix-2024-pass' } };
    },
    'PATCH /api/v1/users/{login}': (role) => ({ path: `/api/v1/users/${role === 'admin' ? 'mx-edit-me' : 'mx-target'}`, body: { name: `edited by ${role}` } }),
    'POST /api/v1/users/{login}/disable': (role) => ({ path: `/api/v1/users/${role === 'admin' ? 'mx-disable-me' : 'mx-target'}/disable` }),
    'POST /api/v1/users/{login}/enable': (role) => ({ path: `/api/v1/users/${role === 'admin' ? 'mx-enable-me' : 'mx-target'}/enable` }),
    'POST /api/v1/users/{login}/unlock': (role) => ({ path: `/api/v1/users/${role === 'admin' ? 'mx-unlock-me' : 'mx-target'}/unlock` }),
    'POST /api/v1/users/{login}/reset-password': (role) => ({ path: `/api/v1/users/${role === 'admin' ? 'mx-reset-me' : 'mx-target'}/reset-password` }),
  });

  await t.test('the refused calls changed nothing', async () => {
    const units = (await getOk('admin', '/api/v1/units')).items.map((u) => u.code);
    for (const code of refusedUnits) assert.equal(units.includes(code), false, `unit ${code} was not made`);
    const users = await allItems('admin', '/api/v1/users');
    for (const login of refusedUsers) assert.equal(users.some((u) => u.login === login), false, `user ${login} was not made`);
    const target = users.find((u) => u.login === 'mx-target');
    assert.equal(target.disabled, false, 'mx-target is not disabled');
    assert.equal(target.name, 'mx-target', 'mx-target is not renamed');
    assert.equal(users.find((u) => u.login === 'mx-edit-me').name, 'edited by admin', 'the admin did rename mx-edit-me');
    expectStatus((await login('mx-target', 'Matrix-2024-pass')).r, 200); // its password was not reset
    assert.equal(users.find((u) => u.login === 'mx-disable-me').disabled, true, 'the admin did disable mx-disable-me');
    expectError((await login('mx-reset-me', 'Matrix-2024-pass')).r, 401, 'unauthorized');
  });
});
