// The login takes JSON only (issue 12, finding 14): another site's form can
// post text/plain, URL-encoded or multipart bodies without the browser
// asking first, never application/json, so a forged form cannot log the
// browser in to the forger's account (login CSRF).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, show, expectStatus, expectReason, passwordOf, loginOf } from '../../lib/http.mjs';

const name = loginOf('legal');
const json = () => JSON.stringify({ login: name, password: passwordOf(name) });

test('login: a body that is not declared application/json answers 415, and no session', async () => {
  const bodies = [
    ['text/plain', json()],
    ['text/plain;charset=UTF-8', json()],
    ['application/x-www-form-urlencoded', `login=${name}&password=${encodeURIComponent(passwordOf(name))}`],
    ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="login"\r\n\r\n${name}\r\n--x--\r\n`],
    ['application/jsonp', json()],
    ['application/json-patch+json', json()],
  ];
  for (const [type, body] of bodies) {
    const r = await call('POST', '/api/v1/session', { body, headers: { 'content-type': type } });
    expectReason(r, 415, 'media_type', 'content_type_not_json', { type });
    assert.equal(r.headers.getSetCookie().length, 0, `no cookie: ${show(r)}`);
  }
  // No Content-Type at all (a Buffer body: fetch adds none).
  const none = await call('POST', '/api/v1/session', { body: Buffer.from(json()) });
  expectReason(none, 415, 'media_type', 'content_type_not_json', { type: '' });
});

test('login: application/json with parameters or in capitals is JSON', async () => {
  for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON ;charset=UTF-8']) {
    const r = expectStatus(await call('POST', '/api/v1/session', { body: json(), headers: { 'content-type': type } }), 200);
    assert.equal(r.headers.getSetCookie().length, 1, `a cookie: ${show(r)}`);
  }
});
