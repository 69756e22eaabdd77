// `npm run build`: type-check and compile to dist/, then run the build steps other parts register
// in scripts/build-steps/ (e.g. the admin's front-end bundle).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });

const stepsDir = path.join(root, 'scripts', 'build-steps');
if (fs.existsSync(stepsDir)) {
  for (const step of fs.readdirSync(stepsDir).filter((f) => f.endsWith('.mjs')).sort()) {
    execFileSync(process.execPath, [path.join(stepsDir, step)], { stdio: 'inherit', cwd: root });
  }
}
fs.writeFileSync(path.join(root, 'dist', '.build-stamp'), new Date().toISOString());
