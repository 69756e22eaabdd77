import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.js';

// issue 15 §7: a process whose stdout reader has gone must still end (SIGTERM, process.exit). pino's own
// writer (sonic-boom 4) retries EPIPE forever in the flush pino runs at exit; the product's writer gives up.
const root = path.resolve(__dirname, '../..');
const dist = path.join(root, 'dist', 'server');

/** Runs `node -e script | true` and says whether it ended within `ms`. */
function endsWhenPipedToTrue(script: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `exec ${JSON.stringify(process.execPath)} --input-type=module -e "$SCRIPT" | true`], {
      env: { PATH: process.env.PATH ?? '', SCRIPT: script },
      stdio: 'ignore',
      detached: true,
    });
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      resolve(false);
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

const burstThenExit = (makeLogger: string) => `
  ${makeLogger}
  setTimeout(() => { for (let i = 0; i < 200; i++) log.info({ i }, 'line ' + 'x'.repeat(100)); process.exit(0); }, 500);
`;

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('logging into a dead pipe', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('reproduces the hang with pino’s default writer (the situation the fix is for)', async () => {
    const pino = path.join(root, 'node_modules', 'pino', 'pino.js');
    expect(await endsWhenPipedToTrue(burstThenExit(`const { default: pino } = await import(${JSON.stringify(pino)}); const log = pino();`), 3_000)).toBe(false);
  }, 10_000);

  it('the product’s logger ends the process', async () => {
    const logger = path.join(dist, 'logger.js');
    const make = `const { createProductLogger } = await import(${JSON.stringify(logger)}); const log = createProductLogger('info', []);`;
    expect(await endsWhenPipedToTrue(burstThenExit(make), 8_000)).toBe(true);
  }, 15_000);

  it('the service ends on SIGTERM after its stdout reader went away', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-epipe-'));
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(dist, 'main.js')], {
      cwd,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = exitOf(child);
    try {
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
        } catch {
          // not listening yet
        }
        if (i > 200) throw new Error('the service did not become ready');
        await new Promise((r) => setTimeout(r, 100));
      }
      child.stdout!.destroy(); // the log reader dies
      for (let i = 0; i < 50; i++) await fetch(`http://127.0.0.1:${port}/healthz?${'q'.repeat(500)}`).catch(() => undefined);
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
      expect(code).not.toBe('hung');
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 40_000);
});
