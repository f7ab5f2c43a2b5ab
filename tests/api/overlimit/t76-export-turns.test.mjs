// Finding 13 of the security review (issue 12): six parallel XLSX exports
// by one officer took the server to 910 MB and /healthz to 3.4 s. Direct
// exports now take turns: at most export_per_user_max (1) of one user and
// export_running_max (3) of the server are written at once; the others are
// refused at once with Retry-After (429 export_too_many, 503 export_busy),
// and /healthz keeps answering meanwhile. The XLSX is written row by row
// to a temporary file (libxlsxwriter's constant memory mode), not held.
// The server's bound is tested exactly by test_export's test_direct_turns:
// which of several users' requests run together here depends on how the
// server's threads took their connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { BASE } from '../../lib/config.mjs';
import { expectStatus, expectReason, get, getOk, post } from '../../lib/http.mjs';
import { YEAR } from './data.mjs';

const YEAR_XLSX = `/api/v1/detections.xlsx?from=${YEAR.from}&to=${YEAR.to}`;

// /healthz's answer time, in ms, on a connection of its own, as a load
// balancer's check comes (a kept-alive one may belong to a server thread
// busy with an export: libmicrohttpd keeps a connection on its thread).
function healthz() {
  const t = Date.now();
  return new Promise((resolve, reject) => {
    http.get(`${BASE}/healthz`, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(Date.now() - t) : reject(new Error(`/healthz ${res.statusCode}`))));
    }).on('error', reject);
  });
}

test('finding 13: six parallel XLSX exports by one officer: one is written, the others are refused at once with 429 and Retry-After', async () => {
  const [answers, health] = await Promise.all([
    Promise.all(Array.from({ length: 6 }, () => get('officer', YEAR_XLSX))),
    new Promise((resolve) => setTimeout(resolve, 20)).then(healthz),
  ]);
  const written = answers.filter((r) => r.status === 200);
  const refused = answers.filter((r) => r.status !== 200);
  assert.ok(written.length >= 1, 'one is written');
  assert.ok(refused.length >= 1, `some are refused (${answers.map((r) => r.status)})`);
  for (const r of written) assert.equal(r.buf.subarray(0, 2).toString('latin1'), 'PK');
  for (const r of refused) {
    expectReason(r, 429, 'too_many', 'export_too_many', { max: 1, retry_after_s: 5 });
    assert.equal(r.headers.get('retry-after'), '5');
  }
  assert.ok(health < 1000, `/healthz answered in ${health} ms while they ran`);
  // The turn is given back: the officer exports again.
  expectStatus(await get('officer', YEAR_XLSX), 200);
});

test('finding 13: background exports: at most five of one user\'s wait or run; the sixth is refused with 429 and Retry-After', async () => {
  const body = { kind: 'detections', format: 'xlsx', query: { from: YEAR.from, to: YEAR.to } };
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await post('chief', '/api/v1/exports', body));
  const queued = answers.filter((r) => r.status === 202);
  assert.ok(queued.length >= 5, `${answers.map((r) => r.status)}`);
  const refused = answers.filter((r) => r.status !== 202);
  assert.equal(refused.length, 6 - queued.length);
  assert.equal(refused.length, 1, 'the first takes more than the posts');
  expectReason(refused[0], 429, 'too_many', 'export_jobs_too_many', { max: 5, retry_after_s: 5 });
  assert.equal(refused[0].headers.get('retry-after'), '5');
  // Each is written in its turn; then the chief may ask again.
  for (const { json: job } of queued) {
    let state;
    for (let i = 0; i < 600 && ['queued', 'running'].includes((state = (await getOk('chief', `/api/v1/exports/${job.id}`)).state)); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(state, 'done');
  }
  expectStatus(await post('chief', '/api/v1/exports', { ...body, format: 'csv', query: { from: '2023-01-01', to: '2023-01-01' } }), 202);
});
