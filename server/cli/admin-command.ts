import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { Writable, type Readable } from 'node:stream';
import { Database } from '../../domain/infrastructure/database.js';
import { ADMIN_ROLES, type AdminRole } from '../../entities/index.js';
import { SYSTEM } from '../../domain/actor.js';
import { ConfigError, loadConfig } from '../config.js';
import { createDataSource } from '../../db/data-source.js';
import { createAdminUser, findAdminUserByEmail, normalizeEmail, setAdminPassword } from '../../domain/admin-accounts.js';
import { DomainError, describeError } from '../../domain/errors.js';

export const USAGE = `Usage:
  npm run admin -- create --email you@example.org --role admin|organizer
  npm run admin -- reset-password --email you@example.org
The password is asked for (twice, hidden) on a terminal, or read from the first line of standard input.`;

export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/** Reads a password without echoing it; from a pipe, the first line. */
async function askPassword(io: CliIo, prompt: string): Promise<string> {
  if (!io.stdin.isTTY) {
    const rl = readline.createInterface({ input: io.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  // readline echoes what is typed to its output: give it one that discards, and write the prompt ourselves.
  const rl = readline.createInterface({ input: io.stdin, output: new Writable({ write: (_chunk, _encoding, done) => done() }), terminal: true });
  io.stderr.write(prompt);
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  io.stderr.write('\n');
  return answer;
}

async function readNewPassword(io: CliIo): Promise<string> {
  const password = await askPassword(io, 'Password: ');
  if (io.stdin.isTTY && (await askPassword(io, 'Repeat the password: ')) !== password) throw new DomainError('admin.password_mismatch');
  return password;
}

/** `npm run admin -- …`: creates an admin user or sets a new password. Returns the exit code. */
export async function runAdminCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { email: { type: 'string' }, role: { type: 'string', default: 'organizer' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command] = positionals;
  if (values.help || !command || !['create', 'reset-password'].includes(command) || !values.email) {
    io.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (!ADMIN_ROLES.includes(values.role as AdminRole)) {
    io.stderr.write(`--role must be one of ${ADMIN_ROLES.join(', ')}\n`);
    return 2;
  }
  let dataSource;
  try {
    const config = loadConfig(io.env);
    dataSource = createDataSource({ database: config.database, migrationsRun: true, pgPoolSize: 1, pgMaxOverflow: 1 });
    await dataSource.initialize();
    const db = new Database(dataSource);
    const email = normalizeEmail(values.email);
    if (command === 'create') {
      const password = await readNewPassword(io);
      const user = await createAdminUser(db, SYSTEM, { email, password, role: values.role as AdminRole });
      io.stdout.write(`Created ${user.role} ${user.email} (id ${user.id}). Log in at /admin.\n`);
    } else {
      const user = await findAdminUserByEmail(db, email);
      if (!user) throw new DomainError('admin.no_such_email', { email });
      await setAdminPassword(db, SYSTEM, user.id, await readNewPassword(io));
      io.stdout.write(`New password set for ${email}.\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof DomainError || error instanceof ConfigError) {
      io.stderr.write(`${error instanceof DomainError ? describeError(error) : error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    if (dataSource?.isInitialized) await dataSource.destroy();
  }
}
