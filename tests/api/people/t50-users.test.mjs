// Users: adding them (with a given, a temporary or a generated password,
// one role or several) and what the server refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE } from '../../lib/config.mjs';
import { call, expectStatus, expectError, login, as, allItems } from '../../lib/http.mjs';
import { YEAR, b01Sites } from '../overlimit/data.mjs';

test('users: an admin adds a user who can then log in', async () => {
  const admin = await as('admin');
  const r = expectStatus(await call('POST', '/api/v1/users', {
    session: admin, body: { login: 'api-user1', name: '接口用户', role: 'officer', unit: 'B01', badge: '15239999', password: 'Api-user1-2024' },
  }), 201);
  assert.equal(r.json.login, 'api-user1');
  assert.equal(r.json.name, '接口用户');
  assert.deepEqual(r.json.roles, ['officer']);
  assert.equal(r.json.unit, 'B01');
  assert.equal(r.json.badge, '15239999');
  assert.equal(r.json.disabled, false);
  assert.equal('password' in r.json, false, 'a given password is not answered');
  const { r: lr, session } = await login('api-user1', 'Api-user1-2024');
  expectStatus(lr, 200);
  assert.equal(lr.json.user.login, 'api-user1');
  // A password the admin gave is the user's own: it works at once, in its scope.
  assert.equal(lr.json.user.must_change_password, false);
  const stats = expectStatus(await call('GET', `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}`, { session }), 200);
  assert.deepEqual(stats.json.by_site.map((s) => s.site).sort(), b01Sites);
  assert.ok((await allItems('admin', '/api/v1/users')).some((u) => u.login === 'api-user1'));
});

test('users: "temporary": true makes the given password one to change at the first login', async () => {
  expectStatus(await call('POST', '/api/v1/users', {
    session: await as('admin'), body: { login: 'api-user4', name: 'temporary', role: 'officer', unit: 'B01', password: 'Api-user4-2024', temporary: true },
  }), 201);
  const { r, session } = await login('api-user4', 'Api-user4-2024');
  assert.equal(r.json.user.must_change_password, true);
  expectError(await call('GET', '/api/v1/sites', { session }), 403, 'forbidden');
});

test('users: "roles":["officer","legal"] is accepted', async () => {
  const r = expectStatus(await call('POST', '/api/v1/users', {
    session: await as('admin'), body: { login: 'api-user2', name: 'two roles', roles: ['officer', 'legal'], unit: 'B01', password: 'Api-user2-2024' },
  }), 201);
  assert.deepEqual(r.json.roles, ['officer', 'legal']);
  const listed = (await allItems('admin', '/api/v1/users')).find((u) => u.login === 'api-user2');
  assert.deepEqual(listed.roles, ['officer', 'legal']);
  expectStatus((await login('api-user2', 'Api-user2-2024')).r, 200);
});

test('users: without a password one is generated and answered once', async () => {
  const r = expectStatus(await call('POST', '/api/v1/users', {
    session: await as('admin'), body: { login: 'api-user3', name: 'generated', role: 'legal', unit: 'B01' },
  }), 201);
  assert.equal(typeof r.json.password, 'string');
  assert.ok(r.json.password.length >= 10);
  const { r: lr } = await login('api-user3', r.json.password);
  expectStatus(lr, 200);
  assert.equal(lr.json.user.must_change_password, true, 'a generated password is temporary');
  const listed = (await allItems('admin', '/api/v1/users')).find((u) => u.login === 'api-user3');
  assert.equal('password' in listed, false, 'the list never shows a password');
});

test('users: a duplicate login is 409, an unknown unit 404, bad JSON 400, an oversize body 413; nothing stored', async (t) => {
  const admin = await as('admin');
  await t.test('duplicate login → 409 conflict, the first user unchanged', async () => {
    const r = await call('POST', '/api/v1/users', {
      session: await as('admin'), body: { login: 'api-user1', name: 'impostor', role: 'admin', unit: 'HQ', password: 'Impostor-2024' },
    });
    expectError(r, 409, 'conflict');
    const u = (await allItems('admin', '/api/v1/users')).filter((x) => x.login === 'api-user1');
    assert.equal(u.length, 1);
    assert.equal(u[0].name, '接口用户');
    assert.deepEqual(u[0].roles, ['officer']);
    expectError((await login('api-user1', 'Impostor-2024')).r, 401, 'unauthorized');
  });
  await t.test('unknown unit → 404 not_found', async () => {
    expectError(await call('POST', '/api/v1/users', {
      session: await as('admin'), body: { login: 'api-nounit', name: 'x', role: 'officer', unit: 'B99', password: 'Nounit-2024-pass' },
    }), 404, 'not_found');
    assert.equal((await allItems('admin', '/api/v1/users')).some((u) => u.login === 'api-nounit'), false);
  });
  await t.test('bad JSON → 400 parse', async () => {
    expectError(await call('POST', '/api/v1/users', {
      session: await as('admin'), body: '{"login":"api-badjson","name":"x","role":"officer","unit":"B01","password":"Badjson-2024"',
      headers: { 'content-type': 'application/json' },
    }), 400, 'parse');
    assert.equal((await allItems('admin', '/api/v1/users')).some((u) => u.login === 'api-badjson'), false);
  });
  // Sent with a Content-Length, as clients do; the answer must reach the
  // client (a reset connection instead of the 413 is a failure too).
  const huge = (login) => JSON.stringify({ login, name: 'x'.repeat(1100 * 1024), role: 'officer', unit: 'B01', password: 'Huge-2024-pass' });
  await t.test('a body over 1 MiB (with Content-Length) → 413 too_large', async () => {
    const body = huge('api-huge');
    assert.ok(Buffer.byteLength(body) > 1024 * 1024);
    let r = null;
    let failure = null;
    try {
      r = await call('POST', '/api/v1/users', { session: await as('admin'), body, headers: { 'content-type': 'application/json' } });
    } catch (err) {
      failure = `${err.message}: ${err.cause?.code || err.cause?.message || err.cause}`;
    }
    assert.equal((await allItems('admin', '/api/v1/users')).some((u) => u.login === 'api-huge'), false, 'nothing stored');
    assert.equal(failure, null, `POST /api/v1/users with a ${Buffer.byteLength(body)}-byte body: no answer could be read (${failure}); expected 413 too_large`);
    expectError(r, 413, 'too_large');
  });
  await t.test('a body over 1 MiB (chunked, no Content-Length) → 413 too_large', async () => {
    const bytes = Buffer.from(huge('api-huge2'));
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
        c.close();
      },
    });
    const s = await as('admin');
    const res = await fetch(`${BASE}/api/v1/users`, {
      method: 'POST', body: stream, duplex: 'half',
      headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    const text = await res.text();
    assert.equal(res.status, 413, text.slice(0, 200));
    assert.equal(JSON.parse(text).error.code, 'too_large');
    assert.equal((await allItems('admin', '/api/v1/users')).some((u) => u.login === 'api-huge2'), false, 'nothing stored');
  });
  await t.test('a weak password → 422 invalid', async () => {
    expectError(await call('POST', '/api/v1/users', {
      session: await as('admin'), body: { login: 'api-weak', name: 'x', role: 'officer', unit: 'B01', password: 'short1' },
    }), 422, 'invalid');
    assert.equal((await allItems('admin', '/api/v1/users')).some((u) => u.login === 'api-weak'), false);
  });
  assert.ok(admin);
});
