// The strings of every web/<module>/ (strings.js: 'key': ['中文', 'English']),
// read as files, no browser: each has both languages, no two modules define
// one key, and every key a module's code names literally (t('key'), a nav
// label, data-i18n in index.html) is its own or base's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cfg } from '../../lib/config.mjs';

const web = path.join(cfg.top, 'web');
const modules = fs.readdirSync(web).filter((m) => fs.existsSync(path.join(web, m, 'module.js'))).sort();

async function stringsOf(module) {
  return (await import(pathToFileURL(path.join(web, module, 'strings.js')).href)).default;
}

// The keys a module's files name literally.
function keysUsed(module) {
  const used = new Map(); // key → file
  const files = fs.readdirSync(path.join(web, module)).filter((f) => f.endsWith('.js')).map((f) => path.join(web, module, f));
  if (module === 'base') files.push(path.join(web, 'index.html'));
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, ''); // not the comments' examples
    for (const re of [/\bt\('([^']+)'/g, /\blabel: '([^']+)'/g, /data-i18n(?:-title|-aria)?="([^"]+)"/g]) {
      for (const m of text.matchAll(re)) used.set(m[1], path.relative(cfg.top, file));
    }
  }
  return used;
}

describe('sunroad in the browser: the strings of the modules', () => {
  it('every module has strings, each one in Chinese and in English', async () => {
    assert.ok(modules.includes('base'), `web/base/module.js exists (modules: ${modules})`);
    for (const module of modules) {
      const table = await stringsOf(module);
      assert.ok(Object.keys(table).length > 0, `web/${module}/strings.js has strings`);
      for (const [key, pair] of Object.entries(table)) {
        assert.ok(Array.isArray(pair) && pair.length === 2, `web/${module}/strings.js: '${key}' is ['中文', 'English']: ${JSON.stringify(pair)}`);
        assert.equal(typeof pair[0], 'string', `${module} '${key}': the Chinese`);
        assert.ok(pair[0].length > 0, `${module} '${key}': the Chinese is empty`);
        assert.equal(typeof pair[1], 'string', `${module} '${key}': the English is missing`);
      }
    }
  });

  it('every reason of docs/api.md (Errors) and every code has words in a module\'s strings', async () => {
    const keys = new Set();
    for (const module of modules) for (const key of Object.keys(await stringsOf(module))) keys.add(key);
    const docs = fs.readFileSync(path.join(cfg.top, 'docs/api.md'), 'utf8');
    const reasons = [...docs.matchAll(/^\| `([a-z][a-z0-9_]*)` \| [a-z_]/gm)].map((m) => m[1]);
    assert.ok(reasons.length > 40, `the reasons table of docs/api.md (found ${reasons.length})`);
    const codes = ['parse', 'unauthorized', 'forbidden', 'not_found', 'method', 'conflict', 'too_large', 'invalid', 'locked', 'database', 'io', 'unsupported', 'busy', 'no_memory'];
    for (const reason of [...reasons, ...codes]) assert.ok(keys.has(`error.${reason}`), `'error.${reason}' is in no web/<module>/strings.js`);
  });

  it('no two modules define one key, and each module names only its own keys and base\'s', async () => {
    const owner = new Map();
    for (const module of modules) {
      for (const key of Object.keys(await stringsOf(module))) {
        assert.ok(!owner.has(key), `'${key}' is defined by ${owner.get(key)} and ${module}`);
        owner.set(key, module);
      }
    }
    for (const module of modules) {
      for (const [key, file] of keysUsed(module)) {
        const from = owner.get(key);
        assert.ok(from === module || from === 'base', `${file} names '${key}', which ${from ? `only ${from}` : 'no module'} defines`);
      }
    }
  });
});
