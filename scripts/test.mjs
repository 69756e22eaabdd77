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
// Files and the tests in them run in a random order (tests stand alone: STYLE.md), a new one each run unless
// TEST_SEED gives it; the seed is printed, so a failure seen once can be run again in the same order.
const seed = /^\d+$/.test(process.env.TEST_SEED ?? '') ? Number(process.env.TEST_SEED) : Math.floor(Math.random() * 2 ** 31);
const totals = { passed: 0, failed: 0, skipped: 0 };
const results = [];
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });

for (const db of databases) {
  console.log(`\n=== npm test on ${db}, Node ${process.version}, shuffled with seed ${seed} (TEST_SEED=${seed} to repeat) ===\n`);
  const report = path.join(root, 'test-results', `vitest-${db}.json`);
  fs.rmSync(report, { force: true });
  const run = spawnSync(
    process.execPath,
    [vitest, 'run', '--sequence.shuffle', `--sequence.seed=${seed}`, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: root, env: { ...process.env, TEST_DB: db } },
  );
  let counts = { passed: 0, failed: 0, skipped: 0 };
  let failures = [];
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    counts = { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + (json.numTodoTests ?? 0) };
    failures = failuresOf(json);
  }
  // A run that crashed before reporting counts as failed.
  const ok = run.status === 0 && counts.failed === 0;
  if (!ok && counts.failed === 0) counts.failed = 1;
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  results.push({ db, ok, counts, failures });
}

console.log('');
// The failures again, last: a CI log is often read from its tail.
for (const { db, failures } of results) {
  for (const failure of failures) console.log(`FAILED on ${db}: ${failure.file} > ${failure.title}\n${failure.message}\n`);
}
for (const { db, ok, counts } of results) {
  console.log(`${db}: ${ok ? 'passed' : 'FAILED'} (${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped)`);
}
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''} (shuffled with seed ${seed}: TEST_SEED=${seed} npm test to repeat)`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

/** The failed tests of a vitest JSON report, with the first lines of each failure message. */
function failuresOf(json) {
  const failures = [];
  for (const file of json.testResults ?? []) {
    const name = path.relative(root, file.name);
    if (file.status === 'failed' && (file.assertionResults ?? []).every((t) => t.status !== 'failed')) {
      failures.push({ file: name, title: '(the file itself)', message: short(file.message) });
    }
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      failures.push({ file: name, title: test.fullName, message: short((test.failureMessages ?? []).join('\n')) });
    }
  }
  return failures;
}

function short(message = '') {
  return message.split('\n').slice(0, 12).map((line) => `    ${line}`).join('\n');
}
