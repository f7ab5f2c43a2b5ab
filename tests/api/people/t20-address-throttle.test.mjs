// Logins are throttled per client address as well as per account: an
// address that failed SUNROAD_LOGIN_ADDRESS_FAILURES times in the window
// (tests/api/run.sh sets 300, above what the whole suite fails from
// 127.0.0.1) is refused with 429 until the window ends, whichever account it
// tries; other addresses are not. The guesses here come from 127.0.0.2 (all
// of 127/8 is the loopback), so the rest of the suite keeps its address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { BASE } from '../../lib/config.mjs';
import { expectStatus, addUser, login, passwordOf, loginOf } from '../../lib/http.mjs';

// POST /api/v1/session from localAddress.
function loginFrom(localAddress, body) {
  const url = new URL('/api/v1/session', BASE);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const rq = http.request(url, {
      method: 'POST', localAddress, agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({
        status: res.statusCode, json: JSON.parse(text), cookies: res.headers['set-cookie'] || [], retryAfter: res.headers['retry-after'],
      }));
    });
    rq.on('error', reject);
    rq.end(data);
  });
}

test('login throttle: an address that failed too often is refused, whatever the account; others are not', async () => {
  const from = '127.0.0.2';
  const name = 'thr-locked';
  await addUser({ login: name, name: 'Throttle', role: 'officer', unit: 'B01', password: 'Thr-locked-2024' });
  // Wrong guesses, then the locked account's quick refusals: each counts
  // as a failure of the address.
  let tries = 0;
  let r;
  do {
    r = await loginFrom(from, { login: name, password: `Wrong-${tries}-password` });
    tries++;
    assert.ok([401, 423, 429].includes(r.status), `try ${tries}: ${r.status} ${JSON.stringify(r.json)}`);
  } while (r.status !== 429 && tries < 400);
  assert.equal(r.status, 429, `throttled after ${tries} tries`);
  assert.ok(tries <= 301, `throttled after ${tries} failures (the limit is 300)`);
  assert.equal(r.json.error.code, 'too_many');
  assert.equal(r.json.error.reason, 'login_throttled');
  assert.ok(r.json.error.args.minutes >= 1, JSON.stringify(r.json));
  assert.match(r.retryAfter ?? '', /^[1-9][0-9]*$/, 'Retry-After: the seconds until the window ends');
  assert.ok(Number(r.retryAfter) <= r.json.error.args.minutes * 60, `Retry-After ${r.retryAfter}`);
  // Throttled: even another account's right password opens nothing here.
  const officer = loginOf('officer');
  const refused = await loginFrom(from, { login: officer, password: passwordOf(officer) });
  assert.equal(refused.status, 429, JSON.stringify(refused.json));
  assert.equal(refused.cookies.length, 0, 'no session from a throttled address');
  // From another address the same login works.
  expectStatus((await login(officer, passwordOf(officer))).r, 200);
  const elsewhere = await loginFrom('127.0.0.3', { login: officer, password: passwordOf(officer) });
  assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.json));
});
