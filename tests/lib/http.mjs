// HTTP to the server under test, for both suites: one request with its
// answer read whole, the checks of the API's conventions (docs/api.md),
// and logged-in sessions (cookie + CSRF token) of the configured users,
// renewed before the server's idle limit ends them.
//
// The suites run their files in one process (tests/lib/suite.mjs), so the
// sessions and the passwords kept here are shared by every file: a test
// that changes a password says so with setPassword().
import assert from 'node:assert/strict';
import { cfg, BASE } from './config.mjs';

// ---- one request --------------------------------------------------------

// call(method, path, {session, body, csrf, headers}): one request.
// session: {cookie, csrf} or null; csrf: true (the session's), false (none)
// or a string; body: an object (sent as JSON) or a string/Buffer as it is.
export async function call(method, urlPath, opt = {}) {
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

export const show = (r) => `${r.what} → ${r.status} ${r.text.slice(0, 300)}`;

export function expectStatus(r, status) {
  assert.equal(r.status, status, show(r));
  return r;
}

// The error answer of the conventions: {"error":{"code","reason","args",
// "message"}}; the reason is the code when nothing more specific is known.
export function expectError(r, status, code) {
  assert.equal(r.status, status, show(r));
  assert.ok(r.json && typeof r.json.error === 'object', `${r.what}: an error object: ${r.text.slice(0, 200)}`);
  assert.equal(r.json.error.code, code, show(r));
  assert.equal(typeof r.json.error.reason, 'string', `${r.what}: the error has a reason: ${show(r)}`);
  assert.match(r.json.error.reason, /^[a-z][a-z0-9_]*$/, `${r.what}: a reason is snake_case`);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0, `${r.what}: the error has a message`);
  assert.match(r.headers.get('content-type') || '', /application\/json/);
  return r;
}

// An error with its reason (docs/api.md, Errors): expectError, then reason
// and, when given, the args named there (other args may be present too).
export function expectReason(r, status, code, reason, args) {
  expectError(r, status, code);
  assert.equal(r.json.error.reason, reason, show(r));
  assert.equal(typeof r.json.error.args, 'object', `${r.what}: args is an object`);
  assert.ok(r.json.error.args !== null && !Array.isArray(r.json.error.args), `${r.what}: args is an object`);
  for (const [name, value] of Object.entries(args || {})) {
    assert.deepEqual(r.json.error.args[name], value, `${r.what}: args.${name}: ${show(r)}`);
  }
  return r;
}

// ---- sessions -----------------------------------------------------------

// The current password of each login (tests change them).
const passwords = new Map(Object.values(cfg.users || {}).map((u) => [u.login, u.password]));
export const passwordOf = (name) => passwords.get(name);
export const setPassword = (name, password) => passwords.set(name, password);
export const loginOf = (who) => cfg.users[who].login;

// POST /api/v1/session; session is null when the answer is not 200.
export async function login(loginName, password) {
  const r = await call('POST', '/api/v1/session', { body: { login: loginName, password } });
  if (r.status !== 200) return { r, session: null };
  const cookie = (r.headers.getSetCookie().find((c) => c.startsWith('sunroad_session=')) || '').split(';')[0];
  return { r, session: { login: loginName, cookie, csrf: r.json.csrf, last: Date.now() } };
}

// A new session of a configured user (its key in cfg.users) or a login.
export async function freshSession(who) {
  const name = cfg.users[who] ? loginOf(who) : who;
  const { r, session } = await login(name, passwords.get(name));
  assert.equal(r.status, 200, `log in as ${name}: ${show(r)}`);
  return session;
}

// The kept session of a configured user, renewed when it has been idle for
// 2 s (the API suite runs the server with a 3-second idle limit).
const kept = new Map();
export async function as(who) {
  if (who === 'anonymous') return null;
  let s = kept.get(who);
  if (!s || Date.now() - s.last > 2000) {
    s = await freshSession(who);
    kept.set(who, s);
  }
  return s;
}

// Makes session the kept one of who (after a login a test did itself).
export const keep = (who, session) => kept.set(who, session);

export async function get(who, urlPath) {
  return call('GET', urlPath, { session: await as(who) });
}

export async function getOk(who, urlPath) {
  return expectStatus(await get(who, urlPath), 200).json;
}

export async function post(who, urlPath, body) {
  return call('POST', urlPath, { session: await as(who), body: body ?? {} });
}

// The admin adds a user (POST /api/v1/users): {login, name, role or roles,
// unit, password, temporary}. Answers the new USER.
export async function addUser(user) {
  return expectStatus(await post('admin', '/api/v1/users', user), 201).json;
}

// Every item of a paginated list, following "next".
export async function allItems(who, urlPath, limit = 1000) {
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
