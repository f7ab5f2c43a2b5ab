// The API suite: tests/api/<module>/tNN-*.test.mjs in number order, in one
// process (tests/lib/suite.mjs). Run by tests/api/run.sh, or by hand
// against a server it set up (SUNROAD_API_KEEP=1 keeps one):
//   SUNROAD_TEST_CONFIG=/tmp/sunroad-api.X/config.json node --test tests/api/suite.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSuite } from '../lib/suite.mjs';

await runSuite(path.dirname(fileURLToPath(import.meta.url)));
