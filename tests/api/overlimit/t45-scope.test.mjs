// Unit scope: a user sees the sites of its unit and the units under it;
// HQ users and admins see everything; another unit's object answers 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { cfg } from '../../lib/config.mjs';
import { call, expectStatus, expectError, as, get, getOk, allItems } from '../../lib/http.mjs';
import { YEAR, siteUnit, allSites, b01Sites, B01, OTHER, overlimitDetections } from './data.mjs';

test('scope: the B01 officer sees only B01 sites; HQ users see all', async () => {
  const officer = (await getOk('officer', '/api/v1/sites')).items.map((s) => s.code).sort();
  assert.deepEqual(officer, b01Sites);
  const legal = (await getOk('legal', '/api/v1/sites')).items.map((s) => s.code).sort();
  assert.deepEqual(legal, b01Sites);
  for (const who of ['chief', 'admin', 'inspector']) {
    assert.deepEqual((await getOk(who, '/api/v1/sites')).items.map((s) => s.code).sort(), allSites, who);
  }
  const b02 = (await getOk('officer2', '/api/v1/sites')).items.map((s) => s.code).sort();
  assert.deepEqual(b02, allSites.filter((s) => siteUnit.get(s) === 'B02'));
});

// The report's part of the API's figures: without the screening figures
// and the sites' units, which only the API adds (t63-stats).
const API_ONLY = ['pending', 'confirmed', 'dismissed', 'intended_fine_fen', 'unit'];
function reportPart(stats) {
  const strip = (o) => Object.fromEntries(Object.entries(o).filter(([k]) => !API_ONLY.includes(k)));
  return { ...strip(stats), by_site: stats.by_site.map(strip) };
}

test('scope: the B01 officer\'s statistics cover B01 sites only, and the totals are their sum', async () => {
  const stats = reportPart(await getOk('officer', `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}`));
  const sites = stats.by_site.map((s) => s.site).sort();
  assert.deepEqual(sites, b01Sites);
  for (const field of ['detections', 'overlimit', 'ton100', 'unloaded_kg']) {
    assert.equal(stats[field], stats.by_site.reduce((sum, s) => sum + s[field], 0), `${field} = the sum over the sites`);
  }
  assert.ok(stats.detections > 0);
  const report = JSON.parse(fs.readFileSync(cfg.report, 'utf8'));
  for (const s of stats.by_site) {
    assert.deepEqual(s, report.by_site.find((x) => x.site === s.site), `site ${s.site} as in the full report`);
  }
  assert.ok(stats.detections < report.detections, 'fewer detections than the whole city');
});

test('scope: the admin\'s and the HQ chief\'s statistics equal `sunroad report overlimit --format json`', async () => {
  const report = JSON.parse(fs.readFileSync(cfg.report, 'utf8'));
  assert.deepEqual(reportPart(await getOk('admin', `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}`)), report);
  assert.deepEqual(reportPart(await getOk('chief', `/api/v1/stats/overlimit?from=${YEAR.from}&to=${YEAR.to}`)), report);
});

test('scope: another unit\'s detection answers 404; the B01 officer\'s lists hold B01 sites only', async () => {
  const [other] = (await getOk('admin', `/api/v1/detections?site=${OTHER.site}&limit=1`)).items;
  assert.ok(other, `${OTHER.site} has detections`);
  expectError(await get('officer', `/api/v1/detections/${other.id}`), 404, 'not_found');
  expectError(await get('legal', `/api/v1/detections/${other.id}`), 404, 'not_found');
  expectStatus(await get('admin', `/api/v1/detections/${other.id}`), 200);
  expectStatus(await get('chief', `/api/v1/detections/${other.id}`), 200);
  const [mine] = (await getOk('officer', '/api/v1/detections?limit=1')).items;
  expectStatus(await get('officer', `/api/v1/detections/${mine.id}`), 200);
  if (siteUnit.get(OTHER.site) === 'B02') expectStatus(await get('officer2', `/api/v1/detections/${other.id}`), 200);
  expectError(await get('officer2', `/api/v1/detections/${mine.id}`), 404, 'not_found');
  // An unknown id answers the same as another unit's.
  expectError(await get('officer', '/api/v1/detections/999999999999999'), 404, 'not_found');

  const all = await allItems('officer', '/api/v1/detections');
  assert.ok(all.length > 0);
  const foreign = all.filter((d) => siteUnit.get(d.site) !== 'B01');
  assert.deepEqual(foreign.map((d) => d.site), [], 'no other unit\'s site in the list');
  const stats = await getOk('officer', '/api/v1/stats/overlimit?from=2023-01-01&to=2024-12-31');
  assert.equal(all.length, stats.detections, 'the list is every detection of the scope');
  assert.deepEqual((await getOk('officer', `/api/v1/detections?site=${OTHER.site}`)).items, [], 'filtering for a foreign site gives nothing');
  const overlimit = await allItems('officer', '/api/v1/detections?verdict=overlimit');
  assert.ok(overlimit.every((d) => siteUnit.get(d.site) === 'B01' && d.overlimit === true));
  const queue = await allItems('officer', '/api/v1/screening');
  assert.ok(queue.length > 0, 'the officer has pending items');
  assert.deepEqual(queue.filter((d) => siteUnit.get(d.site) !== 'B01').map((d) => d.site), [], 'the screening queue holds B01 sites only');
  const csv = (await get('officer', '/api/v1/detections.csv?verdict=overlimit')).buf.toString('utf8').replace(/^\uFEFF/, '');
  const csvSites = csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]);
  assert.equal(csvSites.length, overlimit.length, 'the export has the same rows');
  assert.ok(csvSites.every((s) => siteUnit.get(s) === 'B01'), `the export holds B01 sites only: ${[...new Set(csvSites)]}`);
});

test('scope: the B01 officer cannot screen another unit\'s detection (404), which stays pending', async () => {
  const [otherPending] = await overlimitDetections(OTHER, 1);
  expectError(await call('POST', `/api/v1/screening/${otherPending}`, { session: await as('officer'), body: { decision: 'confirm' } }), 404, 'not_found');
  assert.equal((await getOk('admin', `/api/v1/detections/${otherPending}`)).screening, 'pending');
});
