import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Tests that run the compiled service, CLIs or admin bundle call this first. It builds only when a source
 * changed since the last build (scripts/build-if-needed.mjs) — under `npm test` never, since its pretest
 * built — and a lock directory keeps test files running in parallel from building at once. Never a build
 * regardless: it rewrites dist/ (the admin's bundle included) under the feet of the browser tests running
 * beside it, whose pages then load half a file and stay blank.
 */
export function ensureBuilt(): void {
  const lock = path.join(ROOT, 'dist', '.test-build-lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`build lock ${lock} held too long; remove it`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-if-needed.mjs')], { cwd: ROOT, stdio: 'inherit' });
  } finally {
    fs.rmdirSync(lock);
  }
}
