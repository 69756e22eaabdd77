// `npm test`: the whole suite on SQLite, then on PostgreSQL (TEST_PG_URL, default the local server).
// Extra arguments go to vitest (e.g. `npm test -- test/server`). TEST_DB=sqlite|postgres runs one only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const only = process.env.TEST_DB;
const databases = only ? [only] : ['sqlite', 'postgres'];
const totals = { passed: 0, failed: 0, skipped: 0 };
const results = [];
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });

for (const db of databases) {
  console.log(`\n=== npm test on ${db}, Node ${process.version} ===\n`);
  const report = path.join(root, 'test-results', `vitest-${db}.json`);
  fs.rmSync(report, { force: true });
  const run = spawnSync(
    process.execPath,
    [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: root, env: { ...process.env, TEST_DB: db } },
  );
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    counts = { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + (json.numTodoTests ?? 0) };
  }
  // A run that crashed before reporting counts as failed.
  const ok = run.status === 0 && counts.failed === 0;
  if (!ok && counts.failed === 0) counts.failed = 1;
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  results.push({ db, ok, counts });
}

console.log('');
for (const { db, ok, counts } of results) {
  console.log(`${db}: ${ok ? 'passed' : 'FAILED'} (${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped)`);
}
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
