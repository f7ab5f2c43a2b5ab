// Before any device posts: the registry as generated, each site last seen
// at the newest record of the imported file (the feed's tests compare with
// it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getOk } from '../../lib/http.mjs';
import { allSites, initial, newestImported } from './data.mjs';

test('set-up: the chief sees every site of the registry, last seen at its newest imported record', async () => {
  const sites = await getOk('chief', '/api/v1/sites');
  assert.deepEqual(sites.items.map((s) => s.code).sort(), allSites);
  initial.sites = sites.items;
  for (const s of initial.sites) assert.equal(s.last_seen_at, newestImported.get(s.code) ?? null, `${s.code}: the newest passed_at of its imported records`);
});
