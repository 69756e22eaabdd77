import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startServiceProcess } from '../../devkit/processes.js';
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
    const service = await startServiceProcess({ LOG_LEVEL: 'debug' }, { stderr: 'ignore' });
    try {
      await service.ready(20_000);
      service.child.stdout!.destroy(); // the log reader dies
      for (let i = 0; i < 50; i++) await fetch(`${service.baseUrl}/healthz?${'q'.repeat(500)}`).catch(() => undefined);
      service.child.kill('SIGTERM');
      // 10 s: far more than a clean stop takes; only a process that hangs reaches it.
      const code = await Promise.race([service.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
      expect(code).not.toBe('hung');
    } finally {
      service.child.kill('SIGKILL');
    }
  }, 40_000);
});
