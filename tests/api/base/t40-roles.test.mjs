// The role matrix of base's routes: every endpoint docs/api.md lists for
// the module (the server's table says which are base's) × every role and
// anonymous answers 2xx or exactly the documented refusal
// (tests/lib/matrix.mjs). Each module has its own tNN-roles file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cfg } from '../../lib/config.mjs';
import { getOk, post, show } from '../../lib/http.mjs';
import { roleMatrix } from '../../lib/matrix.mjs';
import { ROLES } from '../../lib/docs.mjs';

// A small background export of each role's own, finished, for the routes
// that read a job and its file.
async function ownExports() {
  const jobs = {};
  for (const role of ROLES) {
    const r = await post(role, '/api/v1/exports', { kind: 'detections', format: 'csv', query: { from: '2023-01-01', to: '2023-01-01' } });
    assert.equal(r.status, 202, show(r));
    jobs[role] = r.json.id;
  }
  for (const role of ROLES) {
    for (let i = 0; i < 300 && (await getOk(role, `/api/v1/exports/${jobs[role]}`)).state !== 'done'; i++) await new Promise((ok) => setTimeout(ok, 100));
  }
  return jobs;
}

test('role matrix (base): every endpoint of docs/api.md × every role and anonymous', async (t) => {
  const jobs = await ownExports();
  const exportBody = { kind: 'detections', format: 'csv', query: { from: '2023-01-02', to: '2023-01-02' } };
  await roleMatrix(t, 'base', {
    'GET /healthz': () => ({}),
    'GET /metrics': () => ({}),
    'GET /api/v1/routes': () => ({}),
    'GET /api/v1/audit': () => ({ path: '/api/v1/audit?limit=5' }),
    'POST /api/v1/exports': () => ({ body: exportBody }),
    'GET /api/v1/exports': () => ({}),
    'GET /api/v1/exports/{id}': (role) => ({ path: `/api/v1/exports/${jobs[role] ?? jobs.admin}` }),
    'GET /api/v1/exports/{id}/file': (role) => ({ path: `/api/v1/exports/${jobs[role] ?? jobs.admin}/file` }),
  });
});

// A module whose routes no roles test calls would escape the matrix.
test('role matrix: every module with routes has its own tests/api/<module>/tNN-roles.test.mjs', async () => {
  const { routes } = await getOk('admin', '/api/v1/routes');
  for (const module of new Set(routes.map((r) => r.module))) {
    const dir = path.join(cfg.top, 'tests/api', module);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    assert.ok(files.some((f) => /^t\d+-roles\.test\.mjs$/.test(f)), `the routes of ${module} need tests/api/${module}/tNN-roles.test.mjs`);
  }
});
