// The role matrix of the taxi routes (tests/lib/matrix.mjs) and the CSRF
// check of its one write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roleMatrix, csrfChecks } from '../../lib/matrix.mjs';
import { getOk } from '../../lib/http.mjs';
import { registry } from './taxi.mjs';

test('role matrix (taxi): every endpoint of docs/api.md × every role and anonymous', async (t) => {
  const reg = await registry();
  const driver = (await getOk('admin', `/api/v1/taxi/drivers?q=${encodeURIComponent(reg.drivers[1].id)}`)).items[0].id;
  const company = (await getOk('admin', '/api/v1/taxi/companies?limit=1')).items[0].id;
  await roleMatrix(t, 'taxi', {
    'GET /api/v1/taxi/companies': () => ({ path: '/api/v1/taxi/companies?limit=5' }),
    'GET /api/v1/taxi/companies/{id}': () => ({ path: `/api/v1/taxi/companies/${company}` }),
    'GET /api/v1/taxi/vehicles': () => ({ path: '/api/v1/taxi/vehicles?limit=5' }),
    'GET /api/v1/taxi/drivers': () => ({ path: '/api/v1/taxi/drivers?limit=5' }),
    'GET /api/v1/taxi/drivers/{id}': () => ({ path: `/api/v1/taxi/drivers/${driver}` }),
    'POST /api/v1/taxi/drivers/{id}/deductions': () => ({ path: `/api/v1/taxi/drivers/${driver}/deductions`, body: { points: 1, reason: '角色测试' } }),
  });
});

test('CSRF (taxi): a deduction without the token or with a wrong one records nothing', async (t) => {
  const reg = await registry();
  const driver = (await getOk('admin', `/api/v1/taxi/drivers?q=${encodeURIComponent(reg.drivers[1].id)}`)).items[0].id;
  const before = (await getOk('admin', `/api/v1/taxi/drivers/${driver}`)).reputation.deductions.length;
  await csrfChecks(t, [{
    what: 'POST /api/v1/taxi/drivers/{id}/deductions', method: 'POST', path: `/api/v1/taxi/drivers/${driver}/deductions`,
    body: { points: 1, reason: 'csrf' },
    unchanged: async () => assert.equal((await getOk('admin', `/api/v1/taxi/drivers/${driver}`)).reputation.deductions.length, before),
  }]);
});
