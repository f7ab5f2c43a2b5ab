// Errors carry a stable reason and its arguments (docs/api.md, Errors):
// the ones every route shares — the body, the method, the list's limit,
// cursor and period — and the fallback, the code itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, expectReason, as, get } from '../../lib/http.mjs';

test('reasons: a body that is not JSON names the line and column', async () => {
  const r = await call('POST', '/api/v1/units', {
    session: await as('admin'), body: '{"code":"X1",\n"name":', headers: { 'content-type': 'application/json' },
  });
  expectReason(r, 400, 'parse', 'body_not_json', { line: 2 });
  assert.equal(typeof r.json.error.args.column, 'number');
});

test('reasons: a body over 1 MiB is body_too_large with the limit', async () => {
  const r = await call('POST', '/api/v1/units', {
    session: await as('admin'), body: JSON.stringify({ code: 'X2', name: 'x'.repeat(1100 * 1024), kind: 'brigade' }),
    headers: { 'content-type': 'application/json' },
  });
  expectReason(r, 413, 'too_large', 'body_too_large', { max_bytes: 1048576 });
});

test('reasons: an unknown path and a wrong method', async () => {
  expectReason(await get('admin', '/api/v1/nothing-here'), 404, 'not_found', 'no_endpoint', { method: 'GET', path: '/api/v1/nothing-here' });
  expectReason(await call('PUT', '/api/v1/sites', { session: await as('admin') }), 405, 'method', 'method_not_allowed', { method: 'PUT' });
});

test('reasons: the limit, the cursor and the period of a list', async () => {
  expectReason(await get('admin', '/api/v1/users?limit=0'), 422, 'invalid', 'limit_out_of_range', { field: 'limit', min: 1, max: 1000, got: '0' });
  expectReason(await get('admin', '/api/v1/audit?limit=abc'), 422, 'invalid', 'limit_out_of_range', { got: 'abc' });
  expectReason(await get('admin', '/api/v1/users?after=not-a-cursor'), 422, 'invalid', 'cursor_invalid', { field: 'after' });
  // A cursor of another list (the audit log's, keyed by seq) on the users (keyed by login).
  const audit = (await get('admin', '/api/v1/audit?limit=1')).json;
  assert.equal(typeof audit.next, 'string');
  expectReason(await get('admin', `/api/v1/users?after=${audit.next}`), 422, 'invalid', 'cursor_invalid', { field: 'after' });
  expectReason(await get('admin', '/api/v1/audit?from=2024-02-30'), 422, 'invalid', 'date_invalid', { field: 'from', got: '2024-02-30' });
  expectReason(await get('admin', '/api/v1/audit?to=yesterday'), 422, 'invalid', 'date_invalid', { field: 'to' });
  expectReason(await get('admin', '/api/v1/audit?from=2024-03-02&to=2024-03-01'), 422, 'invalid', 'range_reversed', { from: '2024-03-02', to: '2024-03-01' });
  expectReason(await get('admin', '/api/v1/detections?from=2023-03-02&to=2023-03-01'), 422, 'invalid', 'range_reversed', { from: '2023-03-02', to: '2023-03-01' });
});

test('reasons: a text argument is kept valid UTF-8 JSON, cut to 64 bytes', async () => {
  const long = '日'.repeat(40); // 120 bytes
  const r = expectReason(await get('admin', `/api/v1/audit?from=${encodeURIComponent(long)}`), 422, 'invalid', 'date_invalid', { field: 'from' });
  assert.ok(Buffer.byteLength(r.json.error.args.got) <= 64, r.json.error.args.got);
  assert.ok(long.startsWith(r.json.error.args.got), 'cut on a character boundary');
  const bad = expectReason(await get('admin', '/api/v1/audit?from=%FF%22x'), 422, 'invalid', 'date_invalid', { field: 'from' });
  assert.equal(bad.json.error.args.got, '?"x', 'a byte that is not UTF-8 becomes ?, a quote is escaped');
});
