// Near the end, when every test has written to the audit log: each action
// in it has its words (action.<name>) and each field of its before/after
// states a label (field.<family>.<key> or field.<key>) in some module's
// strings, so the log shows no code where a Chinese reader expects a word.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cfg } from '../../lib/config.mjs';
import { allItems } from '../../lib/http.mjs';

const web = path.join(cfg.top, 'web');

async function allKeys() {
  const keys = new Set();
  for (const m of fs.readdirSync(web).filter((d) => fs.existsSync(path.join(web, d, 'strings.js')))) {
    for (const k of Object.keys((await import(pathToFileURL(path.join(web, m, 'strings.js')).href)).default)) keys.add(k);
  }
  return keys;
}

const fieldsOf = (text) => {
  if (!text) return [];
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
  } catch { return []; }
};

describe('sunroad in the browser: the audit log in words', () => {
  it('every action and every field of the log so far has words', async () => {
    const keys = await allKeys();
    const entries = await allItems('admin', '/api/v1/audit');
    assert.ok(entries.length > 0, 'the suite wrote to the audit log');
    const missing = new Set();
    for (const e of entries) {
      if (!keys.has(`action.${e.action}`)) missing.add(`action.${e.action}`);
      const family = e.action.split('.')[0];
      for (const f of [...fieldsOf(e.before), ...fieldsOf(e.after)]) {
        if (!keys.has(`field.${family}.${f}`) && !keys.has(`field.${f}`)) missing.add(`field.${family}.${f} (or field.${f})`);
      }
    }
    assert.deepEqual([...missing].sort(), [], 'strings missing from web/<module>/strings.js');
  });
});
