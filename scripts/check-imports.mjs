// The parts of the house and which may import which (docs/architecture.md). `npm run lint` and the test
// suite (test/structure.test.ts) run this; a forbidden import fails both with the file, the line and the rule.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each part and the parts it may import (itself always). Packages are checked by FORBIDDEN_PACKAGES. */
export const ALLOWED = {
  server: ['bot', 'admin', 'domain', 'db', 'i18n', 'ops', 'entities', 'migrations'],
  bot: ['domain', 'i18n', 'entities'],
  admin: ['domain', 'i18n', 'entities'],
  domain: ['i18n', 'entities'],
  i18n: [],
  ops: ['db', 'entities', 'migrations'],
  db: ['entities', 'migrations'],
  entities: [],
  migrations: [],
  // Shared by tests and benchmarks; starts real services, so it may use the composition root.
  devkit: ['server', 'bot', 'admin', 'domain', 'db', 'i18n', 'ops', 'entities', 'migrations'],
  // Benchmarks are process entry points of their own.
  bench: ['devkit', 'server', 'bot', 'admin', 'domain', 'db', 'i18n', 'ops', 'entities', 'migrations'],
  test: ['devkit', 'server', 'bot', 'admin', 'domain', 'db', 'i18n', 'ops', 'entities', 'migrations', 'bench', 'scripts'],
};

/** Transport libraries the rules must not see. */
export const FORBIDDEN_PACKAGES = {
  domain: [/^telegraf/, /^fastify/, /^@fastify\//, /^adminjs/, /^@adminjs\//],
  i18n: [/^telegraf/, /^fastify/, /^@fastify\//, /^adminjs/, /^@adminjs\//, /^typeorm/],
  entities: [/^telegraf/, /^fastify/, /^@fastify\//, /^adminjs/, /^@adminjs\//],
  migrations: [/^telegraf/, /^fastify/, /^@fastify\//, /^adminjs/, /^@adminjs\//],
  bot: [/^fastify/, /^@fastify\//, /^adminjs/, /^@adminjs\//],
  admin: [/^telegraf/],
};

/**
 * Folders inside a part that may not import each other (docs/architecture.md, "A new screen in the bot"): a
 * bot feature registers handlers and shows views; what one screen shows is a view (bot/views/) any feature may
 * use, so no feature imports another, and a view never reaches back into a feature.
 */
export const FORBIDDEN_INSIDE = [
  { from: 'bot/features/', to: 'bot/features/', rule: 'a bot feature may not import another feature (shared screens live in bot/views/)' },
  { from: 'bot/views/', to: 'bot/features/', rule: 'a bot view may not import a feature' },
];

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full;
  }
}

/** The part a repository-relative path belongs to (its first folder), or null outside the parts. */
function partOf(relative) {
  const top = relative.split(/[\\/]/)[0];
  return top in ALLOWED || top === 'scripts' ? top : null;
}

/** Every forbidden import under `root`: [{ file, line, specifier, rule }]. */
export function findViolations(root) {
  const violations = [];
  for (const part of Object.keys(ALLOWED)) {
    const dir = path.join(root, part);
    if (!fs.existsSync(dir)) continue;
    for (const file of sourceFiles(dir)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? match[3];
        const line = text.slice(0, match.index).split('\n').length + (match[0].startsWith('\n') ? 1 : 0);
        const relFile = path.relative(root, file);
        if (specifier.startsWith('.')) {
          const target = path.relative(root, path.resolve(path.dirname(file), specifier));
          const targetPart = partOf(target);
          if (target.startsWith('..')) continue;
          const posix = (p) => p.split(path.sep).join('/');
          const inside = FORBIDDEN_INSIDE.find((f) => posix(relFile).startsWith(f.from) && posix(target).startsWith(f.to));
          if (inside) violations.push({ file: relFile, line, specifier, rule: inside.rule });
          if (targetPart === part) continue;
          if (targetPart === null || !ALLOWED[part].includes(targetPart)) {
            violations.push({ file: relFile, line, specifier, rule: `${part}/ may not import ${targetPart ?? target}/` });
          }
        } else {
          const banned = (FORBIDDEN_PACKAGES[part] ?? []).find((pattern) => pattern.test(specifier));
          if (banned) violations.push({ file: relFile, line, specifier, rule: `${part}/ may not use the package ${specifier}` });
        }
      }
    }
  }
  return violations;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const violations = findViolations(root);
  for (const v of violations) console.error(`${v.file}:${v.line}: imports ${v.specifier} — ${v.rule}`);
  if (violations.length) {
    console.error(`${violations.length} forbidden import(s); the parts and their rules are in docs/architecture.md`);
    process.exit(1);
  }
  console.log('imports: every part imports only what it may');
}
