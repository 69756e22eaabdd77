import 'reflect-metadata';
import { runAdminCli } from '../../admin/cli.js';
import { withDotEnv } from '../config.js';

/** `npm run admin -- create --email E --role admin|organizer` (see admin/cli.ts). */
runAdminCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: withDotEnv(process.env) }).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
