// `npm test`: the whole suite on SQLite, then on PostgreSQL (TEST_PG_URL, default the local server).
// Extra arguments go to vitest (e.g. `npm test -- test/server`). TEST_DB=sqlite|postgres runs one only.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const only = process.env.TEST_DB;
const databases = only ? [only] : ['sqlite', 'postgres'];
const results = [];
for (const db of databases) {
  console.log(`\n=== npm test on ${db} ===\n`);
  const run = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, TEST_DB: db },
  });
  results.push([db, run.status ?? 1]);
}
console.log('');
for (const [db, status] of results) console.log(`${db}: ${status === 0 ? 'passed' : 'FAILED'}`);
process.exit(results.every(([, status]) => status === 0) ? 0 : 1);
