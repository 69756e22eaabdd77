import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../../server/cli/admin-command.js';
import { createTestDatabase, type TestDatabase } from '../../devkit/database.js';

// On a terminal the password is asked twice and never echoed: the prompts reach stderr, the typed text does not.
describe('npm run admin -- create, on a terminal', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => database?.drop());

  it('asks twice without echoing what is typed', async () => {
    const typed = 'tty-secret-password-1';
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    let stderr = '';
    let stdout = '';
    const code = await runAdminCli(['create', '--email', 'tty@example.org', '--role', 'admin'], {
      stdin,
      stdout: new Writable({
        write: (chunk, _e, done) => {
          stdout += chunk;
          done();
        },
      }),
      stderr: new Writable({
        write: (chunk, _e, done) => {
          stderr += chunk;
          // The person types after each prompt.
          if (/Password: $|Repeat the password: $/.test(String(chunk))) setImmediate(() => stdin.write(`${typed}\r`));
          done();
        },
      }),
      env: { DATABASE_URL: database.url, NODE_ENV: 'test' },
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Created admin tty@example.org');
    expect(stderr).toBe('Password: \nRepeat the password: \n');
  });
});
