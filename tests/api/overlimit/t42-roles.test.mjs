// The role matrix of the over-limit module's routes
// (tests/lib/matrix.mjs), and that the refused calls changed nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { show, getOk } from '../../lib/http.mjs';
import { roleMatrix } from '../../lib/matrix.mjs';
import { YEAR, allSites, B01, OTHER, record, feed, overlimitDetections, detectionWithPhoto } from './data.mjs';
import { quarantined } from './quarantine.mjs';

test('role matrix (overlimit): every endpoint of docs/api.md × every role and anonymous', async (t) => {
  // Pending detections (a B01 one for the officer), a detection every role
  // may read.
  const pending = await overlimitDetections(B01, 7);
  const screenFor = { officer: pending[0], chief: pending[1], admin: pending[2] };
  const claimFor = { officer: pending[4], chief: pending[5], admin: pending[6] };
  const refusedScreening = pending[3];
  const [aB01Detection] = (await getOk('admin', `/api/v1/detections?site=${B01.site}&limit=1`)).items;
  const withPhoto = await detectionWithPhoto(B01);
  // Quarantined B01 records: one to mark and one to correct per role that may.
  const toMark = await quarantined(B01, 4);
  const toFix = await quarantined(B01, 4);
  const markFor = { officer: toMark[0], chief: toMark[1], admin: toMark[2] };
  const fixFor = { officer: toFix[0], chief: toFix[1], admin: toFix[2] };

  await roleMatrix(t, 'overlimit', {
    'GET /api/v1/stats/overlimit': () => ({ path: `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}` }),
    'GET /api/v1/stats/range': () => ({}),
    'GET /api/v1/sites': () => ({}),
    // A site no other test posts for: its key may change.
    'POST /api/v1/sites/{code}/key': (role) => ({ path: `/api/v1/sites/${role === 'admin' ? allSites.find((s) => s !== B01.site && s !== OTHER.site) : B01.site}/key` }),
    'GET /api/v1/detections': () => ({ path: '/api/v1/detections?limit=3' }),
    'GET /api/v1/detections/{id}': () => ({ path: `/api/v1/detections/${aB01Detection.id}` }),
    'GET /api/v1/detections/{id}/photos/{n}': () => ({ path: `/api/v1/detections/${withPhoto.id}/photos/0` }),
    'POST /api/v1/photos': () => ({ body: withPhoto.photo.bytes }),
    'GET /api/v1/detections.csv': () => ({ path: `/api/v1/detections.csv?site=${B01.site}&from=2023-12-01&to=2023-12-31` }),
    'GET /api/v1/detections.xlsx': () => ({ path: `/api/v1/detections.xlsx?site=${B01.site}&from=2023-12-01&to=2023-12-31` }),
    'POST /api/v1/detections': () => ({ body: [record(B01.site, { over: false })] }),
    'GET /api/v1/screening': () => ({ path: '/api/v1/screening?limit=5' }),
    'GET /api/v1/screening/reasons': () => ({}),
    'POST /api/v1/screening/{id}': (role) => ({ path: `/api/v1/screening/${screenFor[role] ?? refusedScreening}`, body: { decision: 'confirm' } }),
    // The decision just taken, undone by its author; a claim taken and released.
    'DELETE /api/v1/screening/{id}': (role) => ({ path: `/api/v1/screening/${screenFor[role] ?? refusedScreening}` }),
    'POST /api/v1/screening/{id}/claim': (role) => ({ path: `/api/v1/screening/${claimFor[role] ?? refusedScreening}/claim` }),
    'DELETE /api/v1/screening/{id}/claim': (role) => ({ path: `/api/v1/screening/${claimFor[role] ?? refusedScreening}/claim` }),
    'GET /api/v1/quarantine': () => ({ path: '/api/v1/quarantine?limit=5' }),
    'POST /api/v1/quarantine/{id}/handled': (role) => ({ path: `/api/v1/quarantine/${(markFor[role] ?? toMark[3]).id}/handled`, body: { note: `checked by ${role}` } }),
    'POST /api/v1/quarantine/{id}/reimport': (role) => {
      const q = fixFor[role] ?? toFix[3];
      return { path: `/api/v1/quarantine/${q.id}/reimport`, body: { raw: JSON.stringify(q.record), note: 'time corrected' } };
    },
  });

  await t.test('the refused calls changed nothing', async () => {
    assert.equal((await getOk('admin', `/api/v1/detections/${refusedScreening}`)).screening, 'pending');
    const q = (await getOk('admin', `/api/v1/quarantine?state=all&limit=1000`)).items;
    for (const left of [toMark[3], toFix[3]]) assert.equal(q.find((x) => x.id === left.id).handled, false, 'a refused action handled nothing');
    const r = await feed(B01.key, [record(B01.site, { over: false })]);
    assert.equal(r.json?.accepted, 1, `the B01 device key was not replaced: ${show(r)}`);
  });
});
