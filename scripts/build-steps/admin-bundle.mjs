// Build step (run by scripts/build.mjs after tsc): bundles the admin's browser code once, at build time,
// into dist/admin-assets/ — our components plus AdminJS's own production bundles. The server serves these
// files and never bundles at runtime (admin/index.ts replaces AdminJS's initialize()), and nothing is fetched from a CDN.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adminjs-bundle-'));
// AdminJS reads these when its modules load: set them before importing it.
process.env.NODE_ENV = 'production';
process.env.ADMIN_JS_TMP_DIR = tmp;
process.chdir(root);

const started = Date.now();
const { createComponentLoader } = await import(pathToFileURL(path.join(root, 'dist', 'admin', 'components.js')).href);
const { bundle } = await import('@adminjs/bundler');
const { loader } = createComponentLoader();
await bundle({
  componentLoader: loader,
  destinationDir: path.relative(root, path.join(root, 'dist', 'admin-assets')),
  adminJsLocalDir: path.relative(root, tmp),
});
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`admin front-end bundled into dist/admin-assets in ${((Date.now() - started) / 1000).toFixed(1)} s`);
