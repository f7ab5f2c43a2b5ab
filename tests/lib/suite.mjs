// Runs a suite's test files in one process, in the order of their numbers
// across the modules, the way tests/run.sh orders tests/cli/<module>/tNN-*:
// tests/<suite>/<module>/tNN-name.test.mjs. One process, because the files
// tell one story against one server: the sessions, passwords and browser
// page of tests/lib are shared, and a later file may use what an earlier
// one stored. node prints one summary ("# pass N") for the whole suite.
//
// SUNROAD_TEST_ONLY=people,overlimit runs those modules' files (and base's,
// which the others build on).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function runSuite(dir) {
  const only = (process.env.SUNROAD_TEST_ONLY || '').split(',').filter(Boolean);
  const files = fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (!only.length || d.name === 'base' || only.includes(d.name)))
    .flatMap((d) => fs.readdirSync(path.join(dir, d.name))
      .filter((f) => /^t\d+-.*\.test\.mjs$/.test(f))
      .map((f) => ({ name: f, file: path.join(dir, d.name, f) })))
    .sort((a, b) => a.name.localeCompare(b.name) || a.file.localeCompare(b.file));
  if (!files.length) throw new Error(`no tNN-*.test.mjs under ${dir}/*/`);
  for (const f of files) await import(pathToFileURL(f.file).href);
}
