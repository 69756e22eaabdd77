import 'reflect-metadata';
import { withDotEnv } from '../config.js';
import { runMain } from '../run-main.js';
import { runAdminCli } from './admin-command.js';

/** `npm run admin -- create|reset-password|set-name --email E …` (see admin-command.ts). */
runMain(
  () => runAdminCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: withDotEnv(process.env) }),
  (error) => {
    console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  },
);
