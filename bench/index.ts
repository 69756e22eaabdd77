import 'reflect-metadata';
import { runMain } from '../server/run-main.js';
import { SUITES } from './suites.js';

/**
 * `npm run bench [-- NAME …]`: runs the benchmark suites (all, or those named) and prints their figures.
 * Benchmarks use the local PostgreSQL (BENCH_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres)
 * and temporary SQLite files; each creates and drops its own databases.
 */
async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const suites = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;
  if (suites.length === 0) {
    console.error(`No such suite. Suites: ${SUITES.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  for (const suite of suites) {
    console.log(`\n## ${suite.name}: ${suite.description}\n`);
    const started = Date.now();
    await suite.run();
    console.log(`\n(${suite.name} took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

runMain(main);
