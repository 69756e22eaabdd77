import 'reflect-metadata';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { AdminUserError, createAdminUser, normalizeEmail, setAdminPassword } from '../../admin/auth.js';
import { Database } from '../../domain/database.js';
import { AdminUser, ADMIN_ROLES, type AdminRole } from '../../entities/index.js';
import { ConfigError, loadConfig } from '../config.js';
import { createDataSource } from '../data-source.js';

const USAGE = `Usage:
  npm run admin -- create --email you@example.org --role admin|organizer
  npm run admin -- reset-password --email you@example.org
The password is asked for (twice, hidden) on a terminal, or read from the first line of standard input.`;

/** Reads a password without echoing it; from a pipe, the first line. */
async function askPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const rl = readline.createInterface({ input });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  const rl = readline.createInterface({ input, output: process.stderr, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let asking = true;
  muted._writeToOutput = (s: string) => {
    if (!asking || s.includes(prompt)) muted.output.write(s);
  };
  const answer = await new Promise<string>((resolve) => rl.question(prompt, resolve));
  asking = false;
  rl.close();
  process.stderr.write('\n');
  return answer;
}

async function readNewPassword(): Promise<string> {
  const password = await askPassword('Password: ');
  if (process.stdin.isTTY && (await askPassword('Repeat the password: ')) !== password) throw new AdminUserError('The passwords do not match');
  return password;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, role: { type: 'string', default: 'organizer' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || !command || !['create', 'reset-password'].includes(command) || !values.email) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (!ADMIN_ROLES.includes(values.role as AdminRole)) {
    console.error(`--role must be one of ${ADMIN_ROLES.join(', ')}`);
    return 2;
  }
  const config = loadConfig();
  const dataSource = createDataSource({ database: config.database, migrationsRun: true, pgPoolSize: 1, pgMaxOverflow: 1 });
  await dataSource.initialize();
  const db = new Database(dataSource);
  try {
    const email = normalizeEmail(values.email);
    if (command === 'create') {
      const password = await readNewPassword();
      const user = await createAdminUser(db, { kind: 'system' }, { email, password, role: values.role as AdminRole });
      console.log(`Created ${user.role} ${user.email} (id ${user.id}). Log in at /admin.`);
    } else {
      const user = await db.manager.findOneBy(AdminUser, { email });
      if (!user) throw new AdminUserError(`No admin user with the e-mail ${email}`);
      await setAdminPassword(db, { kind: 'system' }, user.id, await readNewPassword());
      console.log(`New password set for ${email}.`);
    }
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof AdminUserError || error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
