// What every answer shares: the JSON error of an unknown path or method,
// and the security headers on API answers, errors and static files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cfg } from '../../lib/config.mjs';
import { call, show, expectError, as, get } from '../../lib/http.mjs';
import { B01 } from '../overlimit/data.mjs';

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
