// GET /api/v1/routes: the server's route table as the browser builds its
// navigation from it (roles are written once, in the C table), and
// docs/api.md held against that table both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cfg } from '../../lib/config.mjs';
import { call, expectStatus, expectError, login, getOk, addUser } from '../../lib/http.mjs';
import { ROLES, documentedEndpoints, accessOf } from '../../lib/docs.mjs';

const ACCESS = ['public', 'session', 'device', 'roles'];
const find = (answer, method, routePath) => answer.routes.find((r) => r.method === method && r.path === routePath);

// What "allowed" must say for a caller with these roles whose password is
// its own: any session may call session routes, a role route needs one of
// its roles; a device route wants a site's key, which no session is.
function mayCall(route, roles) {
  if (route.access === 'device') return false;
  if (route.access === 'public' || route.access === 'session') return true;
  return route.roles.some((r) => roles.includes(r));
}

test('routes: without a session → 401', async () => {
  expectError(await call('GET', '/api/v1/routes'), 401, 'unauthorized');
});

test('routes: the roles, the modules with their web/ folder, and every route with its access', async () => {
  const answer = await getOk('admin', '/api/v1/routes');
  assert.deepEqual(answer.roles, ROLES, 'the roles of docs/api.md, in its order');
  assert.ok(Array.isArray(answer.modules) && answer.modules.length >= 3, 'modules');
  assert.equal(answer.modules[0].name, 'base', 'base first');
  for (const m of answer.modules) {
    assert.equal(typeof m.name, 'string');
    const folder = fs.existsSync(path.join(cfg.top, 'web', m.name, 'module.js'));
    assert.equal(m.web, folder, `${m.name}: "web" says whether web/${m.name}/module.js exists`);
  }
  for (const name of ['base', 'people', 'overlimit']) {
    assert.equal(answer.modules.find((m) => m.name === name)?.web, true, `${name} has a web/ folder`);
  }
  const names = new Set(answer.modules.map((m) => m.name));
  const seen = new Set();
  for (const r of answer.routes) {
    const key = `${r.method} ${r.path}`;
    assert.ok(names.has(r.module), `${key}: its module ${r.module} is listed`);
    assert.ok(ACCESS.includes(r.access), `${key}: access ${r.access}`);
    assert.match(r.path, /^\/[a-z0-9/._{}-]*$/, `${key}: the table's pattern`);
    assert.ok(Array.isArray(r.roles), `${key}: roles`);
    assert.equal(r.roles.length > 0, r.access === 'roles', `${key}: roles named exactly when access is "roles"`);
    for (const role of r.roles) assert.ok(ROLES.includes(role), `${key}: role ${role}`);
    assert.equal(typeof r.allowed, 'boolean', `${key}: allowed`);
    assert.ok(!seen.has(key), `${key} once`);
    seen.add(key);
  }
  assert.ok(find(answer, 'GET', '/api/v1/routes'), 'the table lists itself');
});

test('routes: "allowed" follows the caller\'s roles: an officer may screen, a legal reviewer not; an admin manages users', async () => {
  const officer = await getOk('officer', '/api/v1/routes');
  const legal = await getOk('legal', '/api/v1/routes');
  const admin = await getOk('admin', '/api/v1/routes');
  assert.equal(find(officer, 'GET', '/api/v1/screening').allowed, true);
  assert.equal(find(officer, 'POST', '/api/v1/screening/{}').allowed, true);
  assert.equal(find(legal, 'GET', '/api/v1/screening').allowed, false);
  assert.equal(find(officer, 'GET', '/api/v1/users').allowed, false);
  assert.equal(find(admin, 'GET', '/api/v1/users').allowed, true);
  assert.equal(find(admin, 'POST', '/api/v1/users').allowed, true);
  for (const who of ROLES) {
    const answer = await getOk(who, '/api/v1/routes');
    const me = (await getOk(who, '/api/v1/session')).user;
    for (const r of answer.routes) {
      assert.equal(r.allowed, mayCall(r, me.roles), `${who} (${me.roles}): ${r.method} ${r.path} (${r.access} ${r.roles})`);
    }
  }
});

test('routes: answered before a first-login password change, with only the session routes allowed', async () => {
  await addUser({ login: 'routes-newbie', name: 'x', role: 'admin', unit: 'HQ', password: 'Routes-newbie-2024', temporary: true });
  const { r, session } = await login('routes-newbie', 'Routes-newbie-2024');
  assert.equal(r.json.user.must_change_password, true);
  const answer = expectStatus(await call('GET', '/api/v1/routes', { session }), 200).json;
  assert.equal(find(answer, 'POST', '/api/v1/session/password').allowed, true);
  for (const route of answer.routes.filter((x) => x.access === 'roles')) {
    assert.equal(route.allowed, false, `${route.method} ${route.path}: refused until the password changes`);
  }
});

test('routes: docs/api.md lists every route of the server\'s table with the same roles, and no other', async () => {
  const endpoints = documentedEndpoints();
  assert.ok(endpoints.length >= 20, `docs/api.md lists the endpoints (${endpoints.length} found)`);
  const table = (await getOk('admin', '/api/v1/routes')).routes;
  const documented = new Map(endpoints.map((ep) => [`${ep.method} ${ep.route}`, ep]));
  for (const r of table) {
    const key = `${r.method} ${r.path}`;
    const ep = documented.get(key);
    assert.ok(ep, `${key} (module ${r.module}) is served but not in docs/api.md`);
    const fromC = r.access === 'roles' ? { access: 'roles', roles: [...r.roles].sort() } : { access: r.access };
    assert.deepEqual(accessOf(ep.who), fromC, `${key}: docs/api.md says "${ep.who}", the server's table ${r.access} ${r.roles}`);
  }
  const served = new Set(table.map((r) => `${r.method} ${r.path}`));
  for (const [key, ep] of documented) assert.ok(served.has(key), `${ep.method} ${ep.path} is in docs/api.md but the server has no such route`);
});
