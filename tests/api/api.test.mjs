// The HTTP API end to end (docs/api.md), against a running server on a
// database made by tests/api/run.sh: a generated year 2023, one user of
// every role, two device keys. The tests run in order and share the
// database: what one test stores, a later one may see.
//
//   SUNROAD_API_CONFIG=/path/config.json node --test tests/api/api.test.mjs
//
// The server runs with SUNROAD_SESSION_IDLE=3 and SUNROAD_LOCKOUT_FAILURES=3:
// a session unused for more than 3 s ends, so the sessions kept here are
// renewed (by a new login) when they have been idle for 2 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const cfg = JSON.parse(fs.readFileSync(process.env.SUNROAD_API_CONFIG || '', 'utf8'));
const BASE = cfg.url.replace(/\/$/, '');
const ROLES = ['officer', 'legal', 'chief', 'inspector', 'admin'];
const CALLERS = [...ROLES, 'anonymous'];
const YEAR = { from: '2023-01-01', to: '2023-12-31' };

// The site registry as generated: code → unit.
const siteUnit = new Map(
  fs.readFileSync(cfg.sites_csv, 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(','))
    .map((cells) => [cells[0], cells[cells.length - 1]]),
);
const allSites = [...siteUnit.keys()].sort();
const b01Sites = allSites.filter((s) => siteUnit.get(s) === 'B01');
const B01 = cfg.keys.b01; // {site, key}: a B01 site's device key
const OTHER = cfg.keys.other; // a site of another unit
assert.equal(siteUnit.get(B01.site), 'B01');
assert.notEqual(siteUnit.get(OTHER.site), 'B01');

// The current password of each login (tests change them).
const passwords = new Map(Object.values(cfg.users).map((u) => [u.login, u.password]));
const loginOf = (who) => cfg.users[who].login;

// ---- HTTP -------------------------------------------------------------------

// call(method, path, {session, body, csrf, headers}): one request.
// session: {cookie, csrf} or null; csrf: true (the session's), false (none)
// or a string; body: an object (sent as JSON) or a string/Buffer as it is.
async function call(method, urlPath, opt = {}) {
  const headers = { ...(opt.headers || {}) };
  const s = opt.session;
  if (s) {
    headers.cookie = s.cookie;
    s.last = Date.now();
    const csrf = opt.csrf === undefined ? true : opt.csrf;
    if (csrf === true) headers['x-csrf-token'] = s.csrf;
    else if (typeof csrf === 'string') headers['x-csrf-token'] = csrf;
  }
  let body = opt.body;
  if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)) {
    body = JSON.stringify(body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(BASE + urlPath, { method, headers, body, redirect: 'manual' });
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString('utf8');
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, buf, text, json, what: `${method} ${urlPath}` };
}

const show = (r) => `${r.what} → ${r.status} ${r.text.slice(0, 300)}`;

function expectStatus(r, status) {
  assert.equal(r.status, status, show(r));
  return r;
}

// The error answer of the conventions: {"error":{"code","message"}}.
function expectError(r, status, code) {
  assert.equal(r.status, status, show(r));
  assert.ok(r.json && typeof r.json.error === 'object', `${r.what}: an error object: ${r.text.slice(0, 200)}`);
  assert.equal(r.json.error.code, code, show(r));
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0, `${r.what}: the error has a message`);
  assert.match(r.headers.get('content-type') || '', /application\/json/);
  return r;
}

async function login(loginName, password) {
  const r = await call('POST', '/api/v1/session', { body: { login: loginName, password } });
  if (r.status !== 200) return { r, session: null };
  const cookie = (r.headers.getSetCookie().find((c) => c.startsWith('sunroad_session=')) || '').split(';')[0];
  return { r, session: { login: loginName, cookie, csrf: r.json.csrf, last: Date.now() } };
}

async function freshSession(who) {
  const name = cfg.users[who] ? loginOf(who) : who;
  const { r, session } = await login(name, passwords.get(name));
  assert.equal(r.status, 200, `log in as ${name}: ${show(r)}`);
  return session;
}

// The kept session of a role user, renewed when near its idle end.
const kept = new Map();
async function as(who) {
  if (who === 'anonymous') return null;
  let s = kept.get(who);
  if (!s || Date.now() - s.last > 2000) {
    s = await freshSession(who);
    kept.set(who, s);
  }
  return s;
}

async function get(who, urlPath) {
  return call('GET', urlPath, { session: await as(who) });
}

async function getOk(who, urlPath) {
  return expectStatus(await get(who, urlPath), 200).json;
}

// Every item of a paginated list, following "next".
async function allItems(who, urlPath, limit = 1000) {
  const items = [];
  let after = null;
  for (let page = 0; page < 1000; page++) {
    const sep = urlPath.includes('?') ? '&' : '?';
    const body = await getOk(who, `${urlPath}${sep}limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    assert.ok(Array.isArray(body.items), `${urlPath}: items is an array`);
    items.push(...body.items);
    if (body.next === null) return items;
    assert.equal(typeof body.next, 'string', `${urlPath}: next is a string or null`);
    after = body.next;
  }
  throw new Error(`${urlPath}: more than 1000 pages`);
}

// ---- the device feed --------------------------------------------------------

let seqCounter = 700000;
let minute = 0;

// A record of site at a day of 2024 (outside the year the reports cover):
// over the limit (6 axles, 60 t) unless over is false.
function record(site, { over = true, day = '2024-01-15', seq = ++seqCounter } = {}) {
  const m = minute++;
  const at = `${day}T${String(8 + Math.floor(m / 60) % 12).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+08:00`;
  const base = {
    site, seq, passed_at: at, plate: `蒙K${String(seq % 100000).padStart(5, '0')}`, plate_color: 'yellow',
    kind: 'train', single_drive: 0, single_tire_axles: 0, speed_kmh: 50, lane: 1,
  };
  return over
    ? { ...base, axles: 6, gross_kg: 60000, axle_kg: '7000;10000;10000;11000;11000;11000' }
    : { ...base, axles: 5, gross_kg: 39474, axle_kg: '5171;8951;8298;8908;8146' };
}

const CSV_HEADER = 'site,seq,passed_at,plate,plate_color,kind,axles,gross_kg,axle_kg,single_drive,single_tire_axles,speed_kmh,lane';
const csvOf = (records) => [CSV_HEADER, ...records.map((r) => CSV_HEADER.split(',').map((k) => r[k]).join(','))].join('\n') + '\n';

function feed(key, body, contentType = 'application/json') {
  const headers = { 'content-type': contentType };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return call('POST', '/api/v1/detections', { body: typeof body === 'string' ? body : JSON.stringify(body), headers });
}

// The stored detections of a site with a given seq (admin sees all).
async function storedSeqs(site, seq) {
  const items = await allItems('admin', `/api/v1/detections?site=${site}&from=2024-01-01`);
  return items.filter((d) => d.seq === seq);
}

// Stores over-limit records through the device feed; answers their ids.
async function overlimitDetections(dev, n) {
  const recs = Array.from({ length: n }, () => record(dev.site, { day: '2024-01-20' }));
  const r = expectStatus(await feed(dev.key, recs), 200);
  assert.equal(r.json.accepted, n, show(r));
  const items = await allItems('admin', `/api/v1/detections?site=${dev.site}&from=2024-01-20&to=2024-01-20`);
  return recs.map((rec) => {
    const d = items.find((x) => x.seq === rec.seq);
    assert.ok(d, `record ${rec.seq} of ${dev.site} is listed`);
    assert.equal(d.screening, 'pending', `record ${rec.seq} is pending screening`);
    return d.id;
  });
}

// ---- set-up -----------------------------------------------------------------

let initialSites;

test('set-up: the server is up', async () => {
  const r = expectStatus(await call('GET', '/healthz'), 200);
  assert.equal(r.json.status, 'ok');
  assert.ok(['sqlite', 'postgres'].includes(r.json.db), `db: ${r.json.db}`);
});

test('set-up: every role user logs in, and changes its password (one it chose: not forced)', async () => {
  for (const who of [...ROLES, 'officer2']) {
    const name = loginOf(who);
    const { r, session } = await login(name, passwords.get(name));
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.user.must_change_password, false, `${name}'s password came on stdin: its own, not temporary`);
    const fresh = `${passwords.get(name)}-settled9`;
    expectStatus(await call('POST', '/api/v1/session/password', { session, body: { old: passwords.get(name), new: fresh } }), 200);
    passwords.set(name, fresh);
    kept.set(who, session);
  }
  const sites = await getOk('chief', '/api/v1/sites');
  assert.deepEqual(sites.items.map((s) => s.code).sort(), allSites);
  initialSites = sites.items;
  for (const s of initialSites) assert.equal(s.last_seen_at, null, `${s.code} has never posted`);
});

// ---- login ------------------------------------------------------------------

test('login: the right password opens a session with an HttpOnly, SameSite=Strict cookie', async () => {
  const { r, session } = await login(loginOf('legal'), passwords.get(loginOf('legal')));
  assert.equal(r.status, 200, show(r));
  assert.equal(typeof r.json.csrf, 'string');
  assert.ok(r.json.csrf.length >= 16, 'a CSRF token of some length');
  assert.equal(r.json.user.login, loginOf('legal'));
  assert.deepEqual(r.json.user.roles, ['legal']);
  assert.equal(r.json.user.unit, 'B01');
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('sunroad_session='));
  assert.ok(cookie, `a sunroad_session cookie: ${r.headers.getSetCookie()}`);
  assert.match(cookie, /;\s*HttpOnly(;|$)/i);
  assert.match(cookie, /;\s*SameSite=Strict(;|$)/i);
  assert.match(cookie, /;\s*Path=\/(;|$)/);
  // The cookie is the session: GET /api/v1/session answers the same token.
  const again = expectStatus(await call('GET', '/api/v1/session', { session }), 200);
  assert.equal(again.json.csrf, r.json.csrf);
  assert.equal(again.json.user.login, loginOf('legal'));
  // And no cookie, no session.
  expectError(await call('GET', '/api/v1/session'), 401, 'unauthorized');
});

test('login: a wrong password and an unknown login both answer 401 unauthorized', async () => {
  const wrong = await call('POST', '/api/v1/session', { body: { login: loginOf('inspector'), password: 'Wrong-password-123' } });
  expectError(wrong, 401, 'unauthorized');
  assert.equal(wrong.headers.getSetCookie().length, 0, 'no cookie for a failed login');
  const unknown = await call('POST', '/api/v1/session', { body: { login: 'nobody-here', password: 'Wrong-password-123' } });
  expectError(unknown, 401, 'unauthorized');
  assert.equal(unknown.headers.getSetCookie().length, 0, 'no cookie for a failed login');
  // The inspector's one failure does not lock it: the right password works.
  expectStatus((await login(loginOf('inspector'), passwords.get(loginOf('inspector')))).r, 200);
});

test('login: after 3 wrong passwords the account answers 423 locked, even to the right password', async () => {
  const name = loginOf('locky');
  const right = passwords.get(name);
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

test('login: a user with a temporary password must change it before anything else', async () => {
  const name = loginOf('newbie');
  const initial = passwords.get(name);
  const { r, session } = await login(name, initial);
  expectStatus(r, 200);
  assert.equal(r.json.user.must_change_password, true);
  for (const p of ['/api/v1/sites', '/api/v1/detections?limit=1', `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}`, '/api/v1/screening']) {
    expectError(await call('GET', p, { session }), 403, 'forbidden');
  }
  // A weak new password is refused, and nothing changes.
  expectError(await call('POST', '/api/v1/session/password', { session, body: { old: initial, new: 'short1' } }), 422, 'invalid');
  expectError(await call('POST', '/api/v1/session/password', { session, body: { old: initial, new: 'onlylettersandnodigits' } }), 422, 'invalid');
  expectError(await call('GET', '/api/v1/sites', { session }), 403, 'forbidden');
  // A wrong old password is refused too.
  const wrongOld = await call('POST', '/api/v1/session/password', { session, body: { old: 'Not-the-password-1', new: 'Newbie-2024-strong' } });
  assert.ok(wrongOld.status >= 400 && wrongOld.status < 500, show(wrongOld));
  expectError(await call('GET', '/api/v1/sites', { session }), 403, 'forbidden');
  // The change.
  const ok = expectStatus(await call('POST', '/api/v1/session/password', { session, body: { old: initial, new: 'Newbie-2024-strong' } }), 200);
  assert.deepEqual(ok.json, { ok: true });
  passwords.set(name, 'Newbie-2024-strong');
  const sites = expectStatus(await call('GET', '/api/v1/sites', { session }), 200);
  assert.deepEqual(sites.json.items.map((s) => s.code).sort(), b01Sites);
  const me = expectStatus(await call('GET', '/api/v1/session', { session }), 200);
  assert.equal(me.json.user.must_change_password, false);
  // The old password no longer opens a session; the new one does.
  expectError((await login(name, initial)).r, 401, 'unauthorized');
  expectStatus((await login(name, 'Newbie-2024-strong')).r, 200);
});

// ---- sessions ----------------------------------------------------------------

test('session: unused for 4.5 s (idle limit 3 s) it ends with 401', async () => {
  const session = await freshSession('inspector');
  expectStatus(await call('GET', '/api/v1/session', { session }), 200);
  await new Promise((resolve) => setTimeout(resolve, (cfg.session_idle_s + 1.5) * 1000));
  expectError(await call('GET', '/api/v1/session', { session }), 401, 'unauthorized');
  expectError(await call('GET', '/api/v1/sites', { session }), 401, 'unauthorized');
});

test('session: logout (DELETE with the CSRF token) ends it; the old cookie then gets 401', async () => {
  const session = await freshSession('chief');
  const r = expectStatus(await call('DELETE', '/api/v1/session', { session }), 200);
  assert.deepEqual(r.json, { ok: true });
  expectError(await call('GET', '/api/v1/session', { session }), 401, 'unauthorized');
  expectError(await call('GET', '/api/v1/sites', { session }), 401, 'unauthorized');
  expectError(await call('DELETE', '/api/v1/session', { session }), 401, 'unauthorized');
});

// ---- CSRF --------------------------------------------------------------------

test('CSRF: a write without X-CSRF-Token or with a wrong one answers 403 and changes nothing', async (t) => {
  const victim = 'csrf-victim';
  const admin = await as('admin');
  expectStatus(await call('POST', '/api/v1/users', {
    session: admin, body: { login: victim, name: 'CSRF victim', role: 'officer', unit: 'B01', password: 'Victim-2024-pass' },
  }), 201);
  const [pendingId] = await overlimitDetections(B01, 1);

  // Each write, and how to see that it did nothing.
  const writes = [
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
      what: 'POST /api/v1/users/{login}/reset-password', method: 'POST', path: `/api/v1/users/${victim}/reset-password`,
      unchanged: async () => expectStatus((await login(victim, 'Victim-2024-pass')).r, 200),
    },
    {
      what: 'POST /api/v1/sites/{code}/key', method: 'POST', path: `/api/v1/sites/${B01.site}/key`,
      unchanged: async () => {
        const r = expectStatus(await feed(B01.key, record(B01.site, { over: false })), 200);
        assert.equal(r.json.accepted, 1, `the device key still works: ${show(r)}`);
      },
    },
    {
      what: 'POST /api/v1/screening/{id}', method: 'POST', path: `/api/v1/screening/${pendingId}`, body: { decision: 'confirm' },
      unchanged: async () => assert.equal((await getOk('admin', `/api/v1/detections/${pendingId}`)).screening, 'pending'),
    },
    {
      what: 'POST /api/v1/session/password', method: 'POST', path: '/api/v1/session/password',
      body: () => ({ old: passwords.get(loginOf('admin')), new: 'Csrf-changed-2024' }),
      // The password is still the old one (a failed login here would count
      // towards the admin's lock-out).
      unchanged: async () => expectStatus((await login(loginOf('admin'), passwords.get(loginOf('admin')))).r, 200),
    },
    {
      what: 'DELETE /api/v1/session', method: 'DELETE', path: '/api/v1/session',
      unchanged: async (session) => expectStatus(await call('GET', '/api/v1/session', { session }), 200),
    },
  ];
  for (const w of writes) {
    for (const [label, csrf] of [['without X-CSRF-Token', false], ['with a wrong X-CSRF-Token', 'not-the-token-0123456789abcdefghijklmnopq']]) {
      await t.test(`${w.what} ${label}`, async () => {
        const session = await as('admin');
        const body = typeof w.body === 'function' ? w.body() : w.body;
        expectError(await call(w.method, w.path, { session, body, csrf }), 403, 'forbidden');
        await w.unchanged(session);
      });
    }
  }
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

// ---- the role matrix ---------------------------------------------------------

// The endpoints table of docs/api.md: [{method, path, who}].
function documentedEndpoints() {
  const text = fs.readFileSync(path.join(cfg.top, 'docs/api.md'), 'utf8');
  const rows = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^\|\s*`(GET|POST|PUT|PATCH|DELETE) ([^`]+)`\s*\|\s*([^|]+?)\s*\|/);
    if (m) rows.push({ method: m[1], path: m[2].replace(/\?.*$/, ''), who: m[3] });
  }
  return rows;
}

// Who may call, from the "who" column: a list of callers; [] = device key.
function allowedOf(who) {
  if (who === 'anyone') return [...CALLERS];
  if (who === 'logged in' || who === 'any role') return [...ROLES];
  if (who === 'device key') return [];
  const list = who.split(',').map((s) => s.trim());
  for (const r of list) assert.ok(ROLES.includes(r), `unknown role '${r}' in docs/api.md`);
  return list;
}

test('role matrix: every endpoint of docs/api.md × every role and anonymous', async (t) => {
  const endpoints = documentedEndpoints();
  assert.ok(endpoints.length >= 20, `docs/api.md lists the endpoints (${endpoints.length} found)`);

  // Fixtures: pending detections (a B01 one for the officer), users to
  // disable and reset, a detection every role may read.
  const pending = await overlimitDetections(B01, 4);
  const screenFor = { officer: pending[0], chief: pending[1], admin: pending[2] };
  const refusedScreening = pending[3];
  const admin = await as('admin');
  for (const login of ['mx-target', 'mx-disable-me', 'mx-reset-me']) {
    expectStatus(await call('POST', '/api/v1/users', {
      session: admin, body: { login, name: login, role: 'officer', unit: 'B01', password: 'Matrix-2024-pass' },
    }), 201);
  }
  const [aB01Detection] = (await getOk('admin', `/api/v1/detections?site=${B01.site}&limit=1`)).items;
  let n = 0;
  const refusedUnits = [];
  const refusedUsers = [];

  // How each endpoint is called by a role: {path, body, session?}; after(r)
  // runs on a 2xx answer.
  const builders = {
    'GET /healthz': () => ({}),
    'POST /api/v1/session': (role) => {
      const who = role === 'anonymous' ? 'inspector' : role;
      return { body: { login: loginOf(who), password: passwords.get(loginOf(who)) } };
    },
    'GET /api/v1/session': () => ({}),
    'DELETE /api/v1/session': () => ({ fresh: true }),
    'POST /api/v1/session/password': (role) => {
      if (role === 'anonymous') return { body: { old: 'x', new: 'Anonymous-2024-x' } };
      const name = loginOf(role);
      const next = `Matrix-${role}-2024-pass`;
      return { body: { old: passwords.get(name), new: next }, after: () => passwords.set(name, next) };
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
    'POST /api/v1/users/{login}/disable': (role) => ({ path: `/api/v1/users/${role === 'admin' ? 'mx-disable-me' : 'mx-target'}/disable` }),
    'POST /api/v1/users/{login}/reset-password': (role) => ({ path: `/api/v1/users/${role === 'admin' ? 'mx-reset-me' : 'mx-target'}/reset-password` }),
    'GET /api/v1/stats/overlimit': () => ({ path: `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}` }),
    'GET /api/v1/stats/range': () => ({}),
    'GET /api/v1/sites': () => ({}),
    // A site no other test posts for: its key may change.
    'POST /api/v1/sites/{code}/key': (role) => ({ path: `/api/v1/sites/${role === 'admin' ? allSites.find((s) => s !== B01.site && s !== OTHER.site) : B01.site}/key` }),
    'GET /api/v1/detections': () => ({ path: '/api/v1/detections?limit=3' }),
    'GET /api/v1/detections/{id}': () => ({ path: `/api/v1/detections/${aB01Detection.id}` }),
    'GET /api/v1/detections.csv': () => ({ path: `/api/v1/detections.csv?site=${B01.site}&from=2023-12-01&to=2023-12-31` }),
    'GET /api/v1/detections.xlsx': () => ({ path: `/api/v1/detections.xlsx?site=${B01.site}&from=2023-12-01&to=2023-12-31` }),
    'POST /api/v1/detections': () => ({ body: [record(B01.site, { over: false })] }),
    'GET /api/v1/screening': () => ({ path: '/api/v1/screening?limit=5' }),
    'GET /api/v1/screening/reasons': () => ({}),
    'POST /api/v1/screening/{id}': (role) => ({ path: `/api/v1/screening/${screenFor[role] ?? refusedScreening}`, body: { decision: 'confirm' } }),
    'GET /api/v1/quarantine': () => ({ path: '/api/v1/quarantine?limit=5' }),
    'GET /api/v1/audit': () => ({ path: '/api/v1/audit?limit=5' }),
  };

  for (const ep of endpoints) {
    const key = `${ep.method} ${ep.path}`;
    const allowed = allowedOf(ep.who);
    for (const role of CALLERS) {
      const ok = allowed.includes(role);
      const expected = ok ? '2xx' : role === 'anonymous' || allowed.length === 0 ? 401 : 403;
      await t.test(`${key} as ${role} → ${expected}`, async () => {
        const build = builders[key];
        assert.ok(build, `no request for the documented endpoint ${key} in this test`);
        const b = build(role);
        const session = role === 'anonymous' ? null : b.fresh ? await freshSession(role) : await as(role);
        const r = await call(ep.method, b.path || ep.path, { session, body: b.body });
        if (ok) {
          assert.ok(r.status >= 200 && r.status < 300, `expected 2xx: ${show(r)}`);
          if (b.after) b.after(r);
        } else {
          expectError(r, expected, expected === 401 ? 'unauthorized' : 'forbidden');
        }
      });
    }
  }

  await t.test('the refused calls changed nothing', async () => {
    const units = (await getOk('admin', '/api/v1/units')).items.map((u) => u.code);
    for (const code of refusedUnits) assert.equal(units.includes(code), false, `unit ${code} was not made`);
    const users = await allItems('admin', '/api/v1/users');
    for (const login of refusedUsers) assert.equal(users.some((u) => u.login === login), false, `user ${login} was not made`);
    const target = users.find((u) => u.login === 'mx-target');
    assert.equal(target.disabled, false, 'mx-target is not disabled');
    expectStatus((await login('mx-target', 'Matrix-2024-pass')).r, 200); // its password was not reset
    assert.equal(users.find((u) => u.login === 'mx-disable-me').disabled, true, 'the admin did disable mx-disable-me');
    expectError((await login('mx-reset-me', 'Matrix-2024-pass')).r, 401, 'unauthorized');
    assert.equal((await getOk('admin', `/api/v1/detections/${refusedScreening}`)).screening, 'pending');
    const r = await feed(B01.key, [record(B01.site, { over: false })]);
    assert.equal(r.json?.accepted, 1, `the B01 device key was not replaced: ${show(r)}`);
  });
});

// ---- unit scope ----------------------------------------------------------------

test('scope: the B01 officer sees only B01 sites; HQ users see all', async () => {
  const officer = (await getOk('officer', '/api/v1/sites')).items.map((s) => s.code).sort();
  assert.deepEqual(officer, b01Sites);
  const legal = (await getOk('legal', '/api/v1/sites')).items.map((s) => s.code).sort();
  assert.deepEqual(legal, b01Sites);
  for (const who of ['chief', 'admin', 'inspector']) {
    assert.deepEqual((await getOk(who, '/api/v1/sites')).items.map((s) => s.code).sort(), allSites, who);
  }
  const b02 = (await getOk('officer2', '/api/v1/sites')).items.map((s) => s.code).sort();
  assert.deepEqual(b02, allSites.filter((s) => siteUnit.get(s) === 'B02'));
});

test('scope: the B01 officer\'s statistics cover B01 sites only, and the totals are their sum', async () => {
  const stats = await getOk('officer', `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}`);
  const sites = stats.by_site.map((s) => s.site).sort();
  assert.deepEqual(sites, b01Sites);
  for (const field of ['detections', 'overlimit', 'ton100', 'unloaded_kg']) {
    assert.equal(stats[field], stats.by_site.reduce((sum, s) => sum + s[field], 0), `${field} = the sum over the sites`);
  }
  assert.ok(stats.detections > 0);
  const report = JSON.parse(fs.readFileSync(cfg.report, 'utf8'));
  for (const s of stats.by_site) {
    assert.deepEqual(s, report.by_site.find((x) => x.site === s.site), `site ${s.site} as in the full report`);
  }
  assert.ok(stats.detections < report.detections, 'fewer detections than the whole city');
});

test('scope: the admin\'s and the HQ chief\'s statistics equal `sunroad report overlimit --format json`', async () => {
  const report = JSON.parse(fs.readFileSync(cfg.report, 'utf8'));
  assert.deepEqual(await getOk('admin', `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}`), report);
  assert.deepEqual(await getOk('chief', `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}`), report);
});

test('scope: another unit\'s detection answers 404; the B01 officer\'s lists hold B01 sites only', async () => {
  const [other] = (await getOk('admin', `/api/v1/detections?site=${OTHER.site}&limit=1`)).items;
  assert.ok(other, `${OTHER.site} has detections`);
  expectError(await get('officer', `/api/v1/detections/${other.id}`), 404, 'not_found');
  expectError(await get('legal', `/api/v1/detections/${other.id}`), 404, 'not_found');
  expectStatus(await get('admin', `/api/v1/detections/${other.id}`), 200);
  expectStatus(await get('chief', `/api/v1/detections/${other.id}`), 200);
  const [mine] = (await getOk('officer', '/api/v1/detections?limit=1')).items;
  expectStatus(await get('officer', `/api/v1/detections/${mine.id}`), 200);
  if (siteUnit.get(OTHER.site) === 'B02') expectStatus(await get('officer2', `/api/v1/detections/${other.id}`), 200);
  expectError(await get('officer2', `/api/v1/detections/${mine.id}`), 404, 'not_found');
  // An unknown id answers the same as another unit's.
  expectError(await get('officer', '/api/v1/detections/999999999999999'), 404, 'not_found');

  const all = await allItems('officer', '/api/v1/detections');
  assert.ok(all.length > 0);
  const foreign = all.filter((d) => siteUnit.get(d.site) !== 'B01');
  assert.deepEqual(foreign.map((d) => d.site), [], 'no other unit\'s site in the list');
  const stats = await getOk('officer', '/api/v1/stats/overlimit?from=2023-01-01&to=2024-12-31');
  assert.equal(all.length, stats.detections, 'the list is every detection of the scope');
  assert.deepEqual((await getOk('officer', `/api/v1/detections?site=${OTHER.site}`)).items, [], 'filtering for a foreign site gives nothing');
  const overlimit = await allItems('officer', '/api/v1/detections?verdict=overlimit');
  assert.ok(overlimit.every((d) => siteUnit.get(d.site) === 'B01' && d.overlimit === true));
  const queue = await allItems('officer', '/api/v1/screening');
  assert.ok(queue.length > 0, 'the officer has pending items');
  assert.deepEqual(queue.filter((d) => siteUnit.get(d.site) !== 'B01').map((d) => d.site), [], 'the screening queue holds B01 sites only');
  const csv = (await get('officer', '/api/v1/detections.csv?verdict=overlimit')).buf.toString('utf8').replace(/^\uFEFF/, '');
  const csvSites = csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]);
  assert.equal(csvSites.length, overlimit.length, 'the export has the same rows');
  assert.ok(csvSites.every((s) => siteUnit.get(s) === 'B01'), `the export holds B01 sites only: ${[...new Set(csvSites)]}`);
});

test('scope: the B01 officer cannot screen another unit\'s detection (404), which stays pending', async () => {
  const [otherPending] = await overlimitDetections(OTHER, 1);
  expectError(await call('POST', `/api/v1/screening/${otherPending}`, { session: await as('officer'), body: { decision: 'confirm' } }), 404, 'not_found');
  assert.equal((await getOk('admin', `/api/v1/detections/${otherPending}`)).screening, 'pending');
});

// ---- users ---------------------------------------------------------------------

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

// ---- the device feed -----------------------------------------------------------

const VERDICT_FIELDS = ['seq', 'status', 'overlimit', 'ton100', 'penalty', 'fine_fen', 'judged_kg', 'limit_kg', 'over_kg', 'admissible'];

test('feed: one JSON object → 200 with its verdict; re-sent → duplicate, no new row', async () => {
  const rec = record(B01.site, { day: '2024-01-10' });
  const r = expectStatus(await feed(B01.key, rec), 200);
  assert.equal(r.json.accepted, 1, show(r));
  assert.equal(r.json.duplicates, 0);
  assert.equal(r.json.conflicts, 0);
  assert.equal(r.json.quarantined, 0);
  assert.equal(r.json.results.length, 1);
  const res = r.json.results[0];
  assert.deepEqual(Object.keys(res).sort(), [...VERDICT_FIELDS].sort());
  // 6 axles, 60 000 kg on a class-5 device: judged 57 000 kg against 49 000,
  // 8 000 kg over, 8 × 500 yuan.
  assert.deepEqual(res, {
    seq: rec.seq, status: 'accepted', overlimit: true, ton100: false, penalty: 'fine', fine_fen: 400000,
    judged_kg: 57000, limit_kg: 49000, over_kg: 8000, admissible: true,
  });
  assert.equal((await storedSeqs(B01.site, rec.seq)).length, 1);

  const again = expectStatus(await feed(B01.key, rec), 200);
  assert.equal(again.json.accepted, 0, show(again));
  assert.equal(again.json.duplicates, 1);
  assert.deepEqual(again.json.results, [{ seq: rec.seq, status: 'duplicate' }]);
  assert.equal((await storedSeqs(B01.site, rec.seq)).length, 1, 'still one row');
});

test('feed: a JSON array → one result per record, in order', async () => {
  const recs = [record(B01.site, { over: false, day: '2024-01-11' }), record(B01.site, { day: '2024-01-11' }), record(B01.site, { over: false, day: '2024-01-11' })];
  const r = expectStatus(await feed(B01.key, recs), 200);
  assert.equal(r.json.accepted, 3, show(r));
  assert.deepEqual(r.json.results.map((x) => [x.seq, x.status, x.overlimit]), [
    [recs[0].seq, 'accepted', false], [recs[1].seq, 'accepted', true], [recs[2].seq, 'accepted', false],
  ]);
  for (const x of r.json.results) for (const f of VERDICT_FIELDS) assert.ok(f in x, `result has ${f}`);
  const listed = await allItems('admin', `/api/v1/detections?site=${B01.site}&from=2024-01-11&to=2024-01-11`);
  assert.deepEqual(listed.map((d) => d.seq).sort(), recs.map((x) => x.seq).sort());
  const again = expectStatus(await feed(B01.key, recs), 200);
  assert.deepEqual(again.json.results.map((x) => x.status), ['duplicate', 'duplicate', 'duplicate']);
  assert.equal((await allItems('admin', `/api/v1/detections?site=${B01.site}&from=2024-01-11&to=2024-01-11`)).length, 3, 'no new rows');
});

test('feed: CSV (text/csv) → 200 with results; re-sent → duplicate', async () => {
  const recs = [record(B01.site, { day: '2024-01-12' }), record(B01.site, { over: false, day: '2024-01-12' })];
  const body = csvOf(recs);
  const r = expectStatus(await feed(B01.key, body, 'text/csv'), 200);
  assert.equal(r.json.accepted, 2, show(r));
  assert.deepEqual(r.json.results.map((x) => [x.seq, x.status, x.overlimit]), [[recs[0].seq, 'accepted', true], [recs[1].seq, 'accepted', false]]);
  assert.equal(r.json.results[0].fine_fen, 400000);
  const again = expectStatus(await feed(B01.key, body, 'text/csv'), 200);
  assert.equal(again.json.duplicates, 2, show(again));
  assert.deepEqual(again.json.results.map((x) => x.status), ['duplicate', 'duplicate']);
  assert.equal((await allItems('admin', `/api/v1/detections?site=${B01.site}&from=2024-01-12&to=2024-01-12`)).length, 2);
});

test('feed: the same seq with other content is a conflict, the first kept', async () => {
  const rec = record(B01.site, { day: '2024-01-13' });
  expectStatus(await feed(B01.key, rec), 200);
  const changed = { ...rec, gross_kg: 30000, axles: 5, axle_kg: '6000;6000;6000;6000;6000' };
  const r = expectStatus(await feed(B01.key, changed), 200);
  assert.equal(r.json.conflicts, 1, show(r));
  assert.deepEqual(r.json.results, [{ seq: rec.seq, status: 'conflict' }]);
  const rows = await storedSeqs(B01.site, rec.seq);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].gross_kg, 60000, 'the first is kept');
});

test('feed: a record for another site than the key\'s → 403, nothing stored', async () => {
  const mine = record(B01.site, { day: '2024-01-14' });
  const foreign = record(OTHER.site, { day: '2024-01-14' });
  expectError(await feed(B01.key, [mine, foreign]), 403, 'forbidden');
  expectError(await feed(B01.key, foreign), 403, 'forbidden');
  expectError(await feed(B01.key, csvOf([mine, foreign]), 'text/csv'), 403, 'forbidden');
  assert.equal((await storedSeqs(B01.site, mine.seq)).length, 0, 'the own record of the refused request is not stored');
  assert.equal((await allItems('admin', `/api/v1/detections?site=${OTHER.site}&from=2024-01-14&to=2024-01-14`)).length, 0);
});

test('feed: no key, an unknown key, a session instead of a key → 401, nothing stored', async () => {
  const rec = record(B01.site, { day: '2024-01-16' });
  expectError(await feed(null, rec), 401, 'unauthorized');
  expectError(await feed(`sr_${'0'.repeat(64)}`, rec), 401, 'unauthorized');
  expectError(await feed('', rec), 401, 'unauthorized');
  const r = await call('POST', '/api/v1/detections', { session: await as('admin'), body: rec });
  expectError(r, 401, 'unauthorized');
  const basic = await call('POST', '/api/v1/detections', { body: JSON.stringify(rec), headers: { 'content-type': 'application/json', authorization: `Basic ${B01.key}` } });
  expectError(basic, 401, 'unauthorized');
  assert.equal((await storedSeqs(B01.site, rec.seq)).length, 0);
});

const malformedSeq = 799001;
test('feed: a malformed record is quarantined with a reason and listed in GET /api/v1/quarantine', async () => {
  const good = record(B01.site, { day: '2024-01-17' });
  const bad = { ...record(B01.site, { day: '2024-01-17', seq: malformedSeq }), passed_at: 'yesterday afternoon' };
  const r = expectStatus(await feed(B01.key, [good, bad]), 200);
  assert.equal(r.json.accepted, 1, show(r));
  assert.equal(r.json.quarantined, 1, show(r));
  assert.equal(r.json.results[0].status, 'accepted');
  const q = r.json.results[1];
  assert.equal(q.status, 'quarantined');
  assert.equal(typeof q.reason, 'string');
  assert.ok(q.reason.length > 0);
  assert.equal(q.line, 2, 'the line of the record in the request');
  assert.equal((await storedSeqs(B01.site, malformedSeq)).length, 0, 'not stored as a detection');
  const items = await allItems('admin', '/api/v1/quarantine');
  const found = items.filter((x) => x.raw.includes(String(malformedSeq)));
  assert.equal(found.length, 1, 'one quarantine entry holds the record');
  assert.equal(found[0].kind, 'detection');
  assert.equal(found[0].reason, q.reason);
  for (const f of ['id', 'kind', 'source', 'line', 'raw', 'reason', 'site', 'seq', 'created_at']) assert.ok(f in found[0], `quarantine item has ${f}`);
  assert.deepEqual((await allItems('admin', '/api/v1/quarantine?kind=detection')).filter((x) => x.raw.includes(String(malformedSeq))).length, 1);
  assert.deepEqual((await allItems('admin', '/api/v1/quarantine?kind=unload')).filter((x) => x.raw.includes(String(malformedSeq))).length, 0);
});

test('feed: the quarantined record of a B01 device is in the B01 officer\'s quarantine, not in B02\'s', async () => {
  const officer = (await allItems('officer', '/api/v1/quarantine')).filter((x) => x.raw.includes(String(malformedSeq)));
  assert.equal(officer.length, 1, `the B01 officer sees the quarantined record its site ${B01.site} sent`);
  const b02 = (await allItems('officer2', '/api/v1/quarantine')).filter((x) => x.raw.includes(String(malformedSeq)));
  assert.equal(b02.length, 0, 'another unit does not');
});

test('feed: a site that posted has last_seen_at set and is not silent', async () => {
  const sites = (await getOk('admin', '/api/v1/sites')).items;
  const s = sites.find((x) => x.code === B01.site);
  assert.equal(initialSites.find((x) => x.code === B01.site).last_seen_at, null, 'never seen before the posts');
  assert.equal(typeof s.last_seen_at, 'string', `last_seen_at: ${s.last_seen_at}`);
  assert.match(s.last_seen_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  const age = Date.now() - Date.parse(s.last_seen_at);
  assert.ok(age > -5000 && age < 10 * 60 * 1000, `seen just now (${s.last_seen_at})`);
  assert.equal(s.silent, false);
  // A site that never posted stays unseen.
  const quiet = sites.find((x) => x.code !== B01.site && x.code !== OTHER.site);
  assert.equal(quiet.last_seen_at, null);
});

// ---- screening ------------------------------------------------------------------

test('screening: decide dismiss (note required for "other") and confirm; 409 the second time; audited', async () => {
  const queue = await allItems('admin', '/api/v1/screening');
  assert.ok(queue.length >= 2, `pending items: ${queue.length}`);
  for (const d of queue) {
    assert.equal(d.screening, 'pending');
    assert.equal(d.overlimit, true);
    assert.equal(d.admissible, true);
  }
  for (let i = 1; i < queue.length; i++) {
    const a = queue[i - 1];
    const b = queue[i];
    assert.ok(a.passed_at < b.passed_at || (a.passed_at === b.passed_at && a.id < b.id), 'oldest first');
  }
  const [first, second] = queue;
  const admin = await as('admin');
  expectError(await call('POST', `/api/v1/screening/${first.id}`, { session: admin, body: { decision: 'dismiss', reason: 'other' } }), 422, 'invalid');
  expectError(await call('POST', `/api/v1/screening/${first.id}`, { session: await as('admin'), body: { decision: 'dismiss', reason: 'no-such-reason', note: 'x' } }), 422, 'invalid');
  expectError(await call('POST', `/api/v1/screening/${first.id}`, { session: await as('admin'), body: { decision: 'maybe' } }), 422, 'invalid');
  assert.equal((await getOk('admin', `/api/v1/detections/${first.id}`)).screening, 'pending', 'a refused decision changes nothing');

  const dismissed = expectStatus(await call('POST', `/api/v1/screening/${first.id}`, {
    session: await as('admin'), body: { decision: 'dismiss', reason: 'other', note: '车辆为应急抢险车辆' },
  }), 200).json;
  assert.equal(dismissed.id, first.id);
  assert.equal(dismissed.screening, 'dismissed');
  assert.equal(dismissed.decision.decision, 'dismissed');
  assert.equal(dismissed.decision.reason, 'other');
  assert.equal(dismissed.decision.note, '车辆为应急抢险车辆');
  assert.equal(dismissed.decision.by, loginOf('admin'));
  assert.ok(dismissed.explain && Array.isArray(dismissed.explain.arithmetic), 'a DETECTION_DETAIL');
  const after = await allItems('admin', '/api/v1/screening');
  assert.equal(after.some((d) => d.id === first.id), false, 'the item left the queue');
  assert.equal(after.length, queue.length - 1);

  expectError(await call('POST', `/api/v1/screening/${first.id}`, { session: await as('admin'), body: { decision: 'confirm' } }), 409, 'conflict');
  assert.equal((await getOk('admin', `/api/v1/detections/${first.id}`)).screening, 'dismissed', 'the first decision stands');

  const confirmed = expectStatus(await call('POST', `/api/v1/screening/${second.id}`, { session: await as('chief'), body: { decision: 'confirm' } }), 200).json;
  assert.equal(confirmed.screening, 'confirmed');
  assert.equal(confirmed.decision.decision, 'confirmed');
  assert.equal(confirmed.decision.by, loginOf('chief'));
  expectError(await call('POST', `/api/v1/screening/${second.id}`, { session: await as('admin'), body: { decision: 'dismiss', reason: 'permit' } }), 409, 'conflict');
  assert.equal((await getOk('admin', `/api/v1/detections/${second.id}`)).screening, 'confirmed');

  // A detection that is not over the limit is not screened.
  const [normal] = (await getOk('admin', `/api/v1/detections?verdict=normal&site=${B01.site}&limit=1`)).items;
  const r = await call('POST', `/api/v1/screening/${normal.id}`, { session: await as('admin'), body: { decision: 'confirm' } });
  assert.ok(r.status === 409 || r.status === 422, show(r));

  const audit = await allItems('inspector', '/api/v1/audit');
  const decisions = audit.filter((a) => a.action === 'screening.decide');
  for (const [id, actor] of [[first.id, loginOf('admin')], [second.id, loginOf('chief')]]) {
    const entry = decisions.find((a) => a.object === `detection:${id}`);
    assert.ok(entry, `an audit entry for detection ${id}: ${JSON.stringify(decisions.slice(0, 3))}`);
    assert.equal(entry.actor, actor);
  }
  assert.equal(decisions.filter((a) => a.object === `detection:${first.id}`).length, 1, 'one entry per decision, none for the refused ones');
  for (let i = 1; i < audit.length; i++) assert.ok(audit[i - 1].seq > audit[i].seq, 'the audit log is newest first');
});

// ---- pagination -----------------------------------------------------------------

test('pagination: limit=5 then after=next gives the next 5, no overlap, newest first', async () => {
  const p1 = await getOk('admin', '/api/v1/detections?limit=5');
  assert.equal(p1.items.length, 5);
  assert.equal(typeof p1.next, 'string');
  const p2 = await getOk('admin', `/api/v1/detections?limit=5&after=${encodeURIComponent(p1.next)}`);
  assert.equal(p2.items.length, 5);
  const ids = [...p1.items, ...p2.items].map((d) => d.id);
  assert.equal(new Set(ids).size, 10, 'no overlap');
  const ten = await getOk('admin', '/api/v1/detections?limit=10');
  assert.deepEqual(ids, ten.items.map((d) => d.id), 'the two pages are the first ten');
  const rows = ten.items;
  for (let i = 1; i < rows.length; i++) {
    const a = Date.parse(rows[i - 1].passed_at);
    const b = Date.parse(rows[i].passed_at);
    assert.ok(a > b || (a === b && rows[i - 1].id > rows[i].id), `newest first: ${rows[i - 1].passed_at} then ${rows[i].passed_at}`);
  }
  // A filter paginates the same way, to the end.
  const site = await allItems('admin', `/api/v1/detections?site=${B01.site}&verdict=overlimit`, 2);
  const whole = await getOk('admin', `/api/v1/detections?site=${B01.site}&verdict=overlimit&limit=1000`);
  assert.deepEqual(site.map((d) => d.id), whole.items.map((d) => d.id));
  assert.equal(whole.next, null);
});

test('pagination: limit=0, 5000 or x → 422', async () => {
  for (const limit of ['0', '5000', '1001', 'x', '-1']) {
    expectError(await get('admin', `/api/v1/detections?limit=${limit}`), 422, 'invalid');
  }
  expectError(await get('admin', '/api/v1/detections?after=garbage'), 422, 'invalid');
  expectStatus(await get('admin', '/api/v1/detections?limit=1000'), 200);
  expectStatus(await get('admin', '/api/v1/detections?limit=1'), 200);
});

// ---- exports ----------------------------------------------------------------------

function csvRows(buf) {
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
  const lines = buf.subarray(3).toString('utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return { header: lines[0], rows: lines.slice(1) };
}

test('exports: the CSV has a BOM and a header, and as many rows as the list', async () => {
  for (const filter of [`site=${B01.site}`, 'verdict=overlimit', `site=${B01.site}&from=2023-06-01&to=2023-06-30`, 'plate=蒙K0']) {
    const q = filter.split('&').map((kv) => kv.split('=')).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    const r = expectStatus(await get('admin', `/api/v1/detections.csv?${q}`), 200);
    assert.match(r.headers.get('content-type') || '', /^text\/csv/);
    const { header, rows } = csvRows(r.buf);
    assert.ok(header.split(',').length >= 10, `a header: ${header}`);
    const list = await allItems('admin', `/api/v1/detections?${q}`);
    assert.ok(list.length > 0, `${filter}: some rows`);
    assert.equal(rows.length, list.length, `${filter}: CSV rows = list items`);
  }
  const officer = csvRows(expectStatus(await get('officer', '/api/v1/detections.csv'), 200).buf);
  const officerList = await allItems('officer', '/api/v1/detections');
  assert.equal(officer.rows.length, officerList.length, 'the officer\'s export = the officer\'s list');
});

test('exports: the XLSX answers 200 with a zip (PK) body', async () => {
  const r = expectStatus(await get('admin', `/api/v1/detections.xlsx?site=${B01.site}`), 200);
  assert.equal(r.buf.subarray(0, 2).toString('latin1'), 'PK');
  assert.match(r.headers.get('content-type') || '', /spreadsheetml|officedocument/);
  assert.ok(r.buf.length > 1000);
});

// ---- errors and headers ----------------------------------------------------------

test('errors: an unknown /api path is a 404 JSON error; a wrong method on a known path 405', async () => {
  expectError(await call('GET', '/api/v1/nothing-here'), 404, 'not_found');
  expectError(await get('admin', '/api/v1/nothing-here'), 404, 'not_found');
  expectError(await get('admin', '/api/v2/sites'), 404, 'not_found');
  expectError(await call('PUT', '/api/v1/sites', { session: await as('admin') }), 405, 'method');
  expectError(await call('DELETE', '/api/v1/units', { session: await as('admin') }), 405, 'method');
  expectError(await call('GET', '/api/v1/session/password', { session: await as('admin') }), 405, 'method');
  expectError(await call('PATCH', '/api/v1/users', { session: await as('admin'), body: {} }), 405, 'method');
});

test('headers: CSP, nosniff and DENY on API answers, errors and static files', async () => {
  const answers = [
    await call('GET', '/healthz'),
    await get('admin', '/api/v1/sites'),
    await call('GET', '/api/v1/sites'),
    await call('GET', '/api/v1/nothing-here'),
    await get('admin', `/api/v1/detections.csv?site=${B01.site}&from=2023-12-31`),
    await call('GET', '/'),
    await call('GET', '/index.html'),
  ];
  for (const r of answers) {
    assert.ok(r.headers.get('content-security-policy'), `${r.what}: Content-Security-Policy`);
    assert.match(r.headers.get('content-security-policy'), /default-src 'self'/, r.what);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', r.what);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', r.what);
  }
  if (fs.existsSync(path.join(cfg.top, 'web/index.html'))) {
    const page = answers[5];
    assert.equal(page.status, 200, show(page));
    assert.match(page.headers.get('content-type') || '', /^text\/html/);
  }
});

// ---- the audit chain ----------------------------------------------------------------

test('audit: `sunroad audit verify` holds after everything the API did', async () => {
  let out;
  try {
    out = execFileSync(cfg.sunroad, ['audit', 'verify', '--db', cfg.db], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    assert.fail(`audit verify exited ${err.status}: ${err.stdout}${err.stderr}`);
  }
  assert.match(out, /intact/);
});
