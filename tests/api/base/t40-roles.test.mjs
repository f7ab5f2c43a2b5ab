// The role matrix of base's routes: every endpoint docs/api.md lists for
// the module (the server's table says which are base's) × every role and
// anonymous answers 2xx or exactly the documented refusal
// (tests/lib/matrix.mjs). Each module has its own tNN-roles file.
import { test } from 'node:test';
import { roleMatrix } from '../../lib/matrix.mjs';

test('role matrix (base): every endpoint of docs/api.md × every role and anonymous', async (t) => {
  await roleMatrix(t, 'base', {
    'GET /healthz': () => ({}),
    'GET /api/v1/routes': () => ({}),
    'GET /api/v1/audit': () => ({ path: '/api/v1/audit?limit=5' }),
  });
});
