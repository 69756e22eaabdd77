import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { Writable, type Readable } from 'node:stream';
import { Database } from '../../domain/infrastructure/database.js';
import { ADMIN_ROLES, type AdminRole } from '../../entities/index.js';
import { SYSTEM } from '../../domain/actor.js';
import { ConfigError, loadConfig } from '../config.js';
import { createDataSource } from '../../db/data-source.js';
import { createAdminUser, findAdminUserByEmail, normalizeEmail, setAdminPassword, updateAdminUser } from '../../domain/admin-accounts.js';
import { DomainError, describeError } from '../../domain/errors.js';

export const USAGE = `Usage:
  npm run admin -- create --email you@example.org --role admin|organizer|checkin [--name "Анна Петрова"]
  npm run admin -- reset-password --email you@example.org
  npm run admin -- set-name --email you@example.org --name "Анна Петрова"
--name is how colleagues and the journal see the person ("отметил(а) Анна"); without it, their role in words.
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
      options: { email: { type: 'string' }, role: { type: 'string', default: 'organizer' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command] = positionals;
  if (values.help || !command || !['create', 'reset-password', 'set-name'].includes(command) || !values.email || (command === 'set-name' && values.name === undefined)) {
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
      const user = await createAdminUser(db, SYSTEM, { email, password, role: values.role as AdminRole, displayName: values.name ?? null });
      io.stdout.write(`Created ${user.role} ${user.email} (id ${user.id})${user.displayName ? `, named ${user.displayName}` : ''}. Log in at /admin.\n`);
      return 0;
    }
    const user = await findAdminUserByEmail(db, email);
    if (!user) throw new DomainError('admin.no_such_email', { email });
    if (command === 'set-name') {
      // An empty --name clears it (the person is then named by their role, and asked for a name when they log in).
      const renamed = await updateAdminUser(db, SYSTEM, user.id, { displayName: values.name ?? null });
      io.stdout.write(renamed.displayName ? `${email} is now named ${renamed.displayName}.\n` : `${email} has no name now.\n`);
    } else {
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
