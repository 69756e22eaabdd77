// `npm run build`: type-check and compile the product to dist/ (tsconfig.build.json: no tests, no benchmarks),
// then run the build steps other parts register in scripts/build-steps/ (e.g. the admin's front-end bundle).
// `--bench` also compiles the benchmarks and the dev kit (tsconfig.bench.json), for `npm run bench`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const withBench = process.argv.includes('--bench');
execFileSync(process.execPath, [tsc, '-p', path.join(root, withBench ? 'tsconfig.bench.json' : 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

const stepsDir = path.join(root, 'scripts', 'build-steps');
if (fs.existsSync(stepsDir)) {
  for (const step of fs
    .readdirSync(stepsDir)
    .filter((f) => f.endsWith('.mjs'))
    .sort()) {
    execFileSync(process.execPath, [path.join(stepsDir, step)], { stdio: 'inherit', cwd: root });
  }
}
fs.writeFileSync(path.join(root, 'dist', withBench ? '.bench-stamp' : '.build-stamp'), new Date().toISOString());
