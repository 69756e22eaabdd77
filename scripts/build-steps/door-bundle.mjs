// Build step (run by scripts/build.mjs): bundles the door scanner's browser script with jsQR into
// dist/admin-assets/door.bundle.js — served by admin/checkin/ at /admin/checkin/assets/door.js, no CDN.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
await build({
  entryPoints: [path.join(root, 'admin', 'checkin', 'browser', 'door.ts')],
  outfile: path.join(root, 'dist', 'admin-assets', 'door.bundle.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
console.log('door scanner bundled into dist/admin-assets/door.bundle.js');
