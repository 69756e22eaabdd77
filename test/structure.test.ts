import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// The checker is a plain script so that `npm run lint` can run it without a build.
// @ts-expect-error: an .mjs module without type declarations
import { findViolations } from '../scripts/check-imports.mjs';

interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}
const ROOT = path.resolve(__dirname, '..');

/** A throw-away tree with the given files, for checking that the checker catches what it must. */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-structure-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('the parts and their arrows (docs/architecture.md)', () => {
  it('holds in the tree: no forbidden import anywhere', () => {
    const violations = (findViolations(ROOT) as Violation[]).map((v) => `${v.file}:${v.line} ${v.specifier} (${v.rule})`);
    expect(violations).toEqual([]);
  });

  it('catches each kind of forbidden import', () => {
    const dir = tree({
      'bot/a.ts': "import type { Config } from '../server/config.js';\nimport { x } from '../admin/index.js';",
      'admin/b.ts': "import { t } from '../bot/i18n.js';",
      'domain/c.ts': "import { Telegraf } from 'telegraf';\nconst m = await import('../ops/copy.js');",
      'migrations/d.ts': "import { REGISTRATION_STATUSES } from '../entities/columns.js';",
      'bench/e.ts': "import { FakeBotApi } from '../test/helpers/fake.js';",
      'server/f.ts': "import { ok } from '../bot/index.js';",
      'bot/features/g.ts': "import { screen } from './h.js';\nimport { view } from '../views/h.js';",
      'bot/features/h.ts': 'export const screen = 1;',
      'bot/views/h.ts': "import { leave } from '../features/navigation.js';\nexport const view = 1;",
    });
    const found = (findViolations(dir) as Violation[]).map((v) => `${v.file}:${v.line} ${v.rule}`).sort();
    expect(found).toEqual([
      'admin/b.ts:1 admin/ may not import bot/',
      'bench/e.ts:1 bench/ may not import test/',
      'bot/a.ts:1 bot/ may not import server/',
      'bot/a.ts:2 bot/ may not import admin/',
      'bot/features/g.ts:1 a bot feature may not import another feature (shared screens live in bot/views/)',
      'bot/views/h.ts:1 a bot view may not import a feature',
      'domain/c.ts:1 domain/ may not use the package telegraf',
      'domain/c.ts:2 domain/ may not import ops/',
      'migrations/d.ts:1 migrations/ may not import entities/',
    ]);
  });
});
