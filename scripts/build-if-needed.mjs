// Runs before `npm start` and the CLIs: builds when dist/ is missing or older than a source file.
// `--bench` (for `npm run bench`) also needs the benchmarks and the dev kit compiled.
// In the Docker image the sources are not shipped and dist/ is current: nothing to do.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const withBench = process.argv.includes('--bench');
const stamp = path.join(root, 'dist', withBench ? '.bench-stamp' : '.build-stamp');
const sources = [
  'server',
  'bot',
  'admin',
  'domain',
  'db',
  'i18n',
  'ops',
  'entities',
  'migrations',
  'scripts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  ...(withBench ? ['bench', 'devkit', 'tsconfig.bench.json'] : []),
];

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const hasSources = fs.existsSync(path.join(root, 'server'));
const hasCompiler = fs.existsSync(path.join(root, 'node_modules', 'typescript'));
if (hasSources && hasCompiler) {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const changed = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  if (changed > built) {
    console.error('Building (sources changed since the last build)…');
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), ...(withBench ? ['--bench'] : [])], { stdio: 'inherit', cwd: root });
  }
} else if (!fs.existsSync(stamp)) {
  console.error('dist/ is missing and cannot be built here: run `npm install` (with dev dependencies) and `npm run build`.');
  process.exit(1);
}
