// CSRF on the writes of sites and screening (tests/lib/matrix.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { show, expectStatus, getOk } from '../../lib/http.mjs';
import { csrfChecks } from '../../lib/matrix.mjs';
import { B01, record, feed, overlimitDetections } from './data.mjs';

test('CSRF (sites and screening): a write without X-CSRF-Token or with a wrong one answers 403 and changes nothing', async (t) => {
  const [pendingId] = await overlimitDetections(B01, 1);
  await csrfChecks(t, [
    {
      what: 'POST /api/v1/sites/{code}/key', method: 'POST', path: `/api/v1/sites/${B01.site}/key`,
      unchanged: async () => {
        const r = expectStatus(await feed(B01.key, record(B01.site, { over: false })), 200);
        assert.equal(r.json.accepted, 1, `the device key still works: ${show(r)}`);
      },
    },
    {
      what: 'POST /api/v1/screening/{id}', method: 'POST', path: `/api/v1/screening/${pendingId}`, body: { decision: 'confirm' },
      unchanged: async () => assert.equal((await getOk('admin', `/api/v1/detections/${pendingId}`)).screening, 'pending'),
    },
  ]);
});
