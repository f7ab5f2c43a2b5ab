// The role matrix and the CSRF check of the tickets module's routes
// (tests/lib/matrix.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { post, call, getOk, expectStatus } from '../../lib/http.mjs';
import { roleMatrix, csrfChecks } from '../../lib/matrix.mjs';
import { execFileSync } from 'node:child_process';
import { cfg } from '../../lib/config.mjs';

const receive = async (who, extra = {}) => expectStatus(await post(who, '/api/v1/tickets', {
  channel: '12345', kind: 'complaint', category: 'taxi_refuse', received_at: '2024-09-30T23:30:00+08:00', text: '拒载', ...extra,
}), 201).json;

test('role matrix (tickets): every endpoint of docs/api.md × every role and anonymous', async (t) => {
  // What each writer records: a B01 officer contacts the caller of its own
  // ticket; a chief or an admin at HQ assigns one.
  const mine = { officer: await receive('officer'), chief: await receive('admin'), admin: await receive('admin') };
  const any = await receive('officer');
  // Open311's routes are public; its POST checks the client's own key.
  const key = execFileSync(cfg.sunroad, ['tickets', 'key', '--db', cfg.db, 'role-matrix-app'], { cwd: cfg.top }).toString().trim();
  const request = { api_key: key, service_code: 'other_transport', description: '公共平台转来的诉求', address_string: '东胜区' };
  const [posted] = expectStatus(await call('POST', '/open311/v2/requests.json', { body: request }), 200).json;
  const open311 = encodeURIComponent(posted.service_request_id);
  await roleMatrix(t, 'tickets', {
    'GET /open311/v2/discovery.json': () => ({}),
    'GET /open311/v2/discovery.xml': () => ({}),
    'GET /open311/v2/services.json': () => ({}),
    'GET /open311/v2/services.xml': () => ({}),
    'GET /open311/v2/services/{code}': () => ({ path: '/open311/v2/services/taxi_refuse.json' }),
    'GET /open311/v2/requests.json': () => ({}),
    'GET /open311/v2/requests.xml': () => ({}),
    'POST /open311/v2/requests.json': () => ({ body: request }),
    'POST /open311/v2/requests.xml': () => ({ body: request }),
    'GET /open311/v2/requests/{id}': () => ({ path: `/open311/v2/requests/${open311}.json` }),
    'GET /open311/v2/tokens/{id}': () => ({ path: `/open311/v2/tokens/${open311}.json` }),
    'GET /api/v1/tickets': () => ({ path: '/api/v1/tickets?limit=5' }),
    'POST /api/v1/tickets': () => ({ body: { channel: 'web', kind: 'inquiry', category: 'other_transport', text: '咨询' } }),
    'GET /api/v1/tickets/codes': () => ({}),
    'GET /api/v1/tickets/answers': () => ({ path: '/api/v1/tickets/answers?channel=12345&from=2024-01-01&to=2024-12-31&format=csv' }),
    'GET /api/v1/tickets/stats': () => ({ path: '/api/v1/tickets/stats?from=2024-01-01&to=2024-12-31' }),
    'GET /api/v1/tickets/escalations': () => ({ path: '/api/v1/tickets/escalations?on=2024-10-09' }),
    'GET /api/v1/tickets/{id}': () => ({ path: `/api/v1/tickets/${any.id}` }),
    'POST /api/v1/tickets/{id}/events': (role) => ({
      path: `/api/v1/tickets/${(mine[role] || any).id}/events`,
      body: role === 'officer' ? { type: 'contact', at: '2024-10-01T00:10:00+08:00' } : { type: 'assign', unit: 'B01', at: '2024-10-01T00:10:00+08:00' },
    }),
  });
});

test('CSRF (tickets): every write without or with a wrong token changes nothing', async (t) => {
  const x = await receive('admin');
  const count = async () => (await getOk('admin', '/api/v1/tickets?limit=1')).total;
  const before = await count();
  await csrfChecks(t, [
    { what: 'POST /api/v1/tickets', method: 'POST', path: '/api/v1/tickets', body: { channel: 'web', kind: 'inquiry', category: 'other_transport', text: 'x' }, unchanged: async () => assert.equal(await count(), before) },
    { what: 'POST /api/v1/tickets/{id}/events', method: 'POST', path: `/api/v1/tickets/${x.id}/events`, body: { type: 'assign', unit: 'B01' }, unchanged: async () => assert.equal((await getOk('admin', `/api/v1/tickets/${x.id}`)).state, 'received') },
  ]);
});
