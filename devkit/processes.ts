import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../server/node-flags.js';
import { eventually } from './eventually.js';

/** The compiled entry point (`npm run build` first): tests and benches run the real `npm start` process. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []));
export const MAIN_JS = path.join(ROOT, 'dist', 'server', 'main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A Node.js process of ours (the service, a bench's target). */
export interface NodeProcess {
  child: ChildProcess;
  /** Everything it wrote to the pipes it was given (stdout and stderr unless inherited or ignored). */
  output(): string;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Sends `signal` unless it has already exited; resolves with the exit code. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface NodeProcessOptions {
  /** The whole environment: nothing of this process's is passed on that is not in it (PATH included). */
  env: NodeJS.ProcessEnv;
  /** After the script (e.g. a bench target's kind). */
  args?: string[];
  /** Node's own flags, before the script (--trace-gc, --cpu-prof). */
  nodeArgs?: string[];
  cwd?: string;
  stdin?: 'ignore' | 'pipe';
  stdout?: 'pipe' | 'inherit' | 'ignore';
  stderr?: 'pipe' | 'inherit' | 'ignore';
}

/** Starts `node [nodeArgs] script [args]`. */
export function startNodeProcess(script: string, options: NodeProcessOptions): NodeProcess {
  let output = '';
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: options.env,
    stdio: [options.stdin ?? 'ignore', options.stdout ?? 'pipe', options.stderr ?? 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  const kill = async (signal: NodeJS.Signals) => {
    if (exitCode === undefined) child.kill(signal);
    return exited;
  };
  return {
    child,
    output: () => output,
    exited,
    kill,
    async stop(graceMs = 15_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await kill('SIGTERM');
      clearTimeout(timer);
      return code;
    },
  };
}

export interface ServiceProcess extends NodeProcess {
  port: number;
  baseUrl: string;
  /** Its working directory: a process with no DATABASE_URL keeps its SQLite database under ./data there. */
  cwd: string;
  /** Waits until /readyz answers 200; throws with the process output when it died or took too long. */
  ready(timeoutMs?: number, everyMs?: number): Promise<void>;
}

export interface ServiceProcessOptions {
  /** Default: a new temporary directory, removed when the process has exited. */
  cwd?: string;
  /** Node's own flags (a bench's --trace-gc). */
  nodeArgs?: string[];
  /** Lay `env` over this process's whole environment (benches) instead of over PATH alone (tests). */
  inheritEnv?: boolean;
  /** Where its stderr goes (default: collected in `output()` with stdout). */
  stderr?: 'pipe' | 'inherit' | 'ignore';
}

/**
 * Starts one service process (dist/server/main.js, what `npm start` runs) on a free port of 127.0.0.1, with
 * `env` over PATH, HOST and PORT. A variable given as `undefined` is left unset (HOST: the service's default).
 */
export async function startServiceProcess(env: Record<string, string | undefined>, options: ServiceProcessOptions = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const cwd = options.cwd ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-proc-'));
  const base = options.inheritEnv ? process.env : { PATH: process.env.PATH ?? '' };
  const merged: NodeJS.ProcessEnv = { ...base, HOST: '127.0.0.1', PORT: String(port), ...env };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  // The server's own flags, as `npm start` and the image give them.
  const service = startNodeProcess(MAIN_JS, { env: merged, cwd, nodeArgs: [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? [])], stderr: options.stderr });
  if (!options.cwd) void service.exited.then(() => fs.rmSync(cwd, { recursive: true, force: true }));
  let exitCode: number | null | undefined;
  void service.exited.then((code) => (exitCode = code));
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    ...service,
    port,
    baseUrl,
    cwd,
    async ready(timeoutMs = 60_000, everyMs = 100) {
      await eventually(
        async () => {
          if (exitCode !== undefined) throw new Error(`the service exited (${exitCode}) at boot:\n${service.output()}`);
          const answer = await fetch(`${baseUrl}/readyz`).catch(() => null); // null: not listening yet
          await answer?.arrayBuffer();
          return answer?.status === 200;
        },
        { what: () => `the service to become ready:\n${service.output()}`, timeoutMs, everyMs },
      );
    },
  };
}
