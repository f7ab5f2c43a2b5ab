// The API suite: tests/api/<module>/tNN-*.test.mjs in number order, in one
// process (tests/lib/suite.mjs). Run by tests/api/run.sh, which sets up the
// database and the server and writes the config.json the tests read:
//   SUNROAD_TEST_CONFIG=.../config.json node --test tests/api/suite.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSuite } from '../lib/suite.mjs';

await runSuite(path.dirname(fileURLToPath(import.meta.url)));
