import fs from 'node:fs';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { redactDatabaseUrl } from '../db/database-url.js';
import { loggableUrl } from '../domain/loggable-url.js';

/**
 * Secrets never reach the log: the token, the webhook secret, session secret, passwords and database URLs
 * are redacted wherever they appear in a logged object, and the bot token is scrubbed from error
 * messages (Telegraf puts it in request URLs).
 */
export const REDACT_PATHS = [
  'botToken',
  'webhookSecret',
  'sessionSecret',
  'ticketSecret',
  'adminPassword',
  'password',
  'passwordHash',
  'databaseUrl',
  '*.botToken',
  '*.webhookSecret',
  '*.sessionSecret',
  '*.ticketSecret',
  '*.adminPassword',
  '*.password',
  '*.passwordHash',
  '*.databaseUrl',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers.cookie',
  'req.headers.authorization',
];

export function loggerOptions(level: string, secrets: string[] = []): LoggerOptions {
  const scrub = makeScrubber(secrets);
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
      },
    },
    serializers: {
      // Fastify's request line, without what a search typed (a name, a phone): see loggableUrl.
      req: (req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
        method: req.method,
        url: loggableUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
      err: (error: Error) => {
        const message = scrub(String(error?.message ?? error));
        return { type: error?.name, message, stack: scrub(String(error?.stack ?? '')) };
      },
    },
  };
}

/** Replaces every occurrence of the given secrets, and passwords inside URLs, in a string. */
export function makeScrubber(secrets: string[]): (text: string) => string {
  const present = secrets.filter((s) => s && s.length >= 4);
  return (text: string) => {
    let out = redactDatabaseUrl(text);
    for (const secret of present) out = out.split(secret).join('[redacted]');
    return out;
  };
}

/**
 * Where the log goes: stdout, written synchronously, by a writer that gives up on a dead pipe.
 *
 * pino's default writer (sonic-boom 4) retries every write error in its synchronous flush, EPIPE included,
 * forever — and pino flushes at exit — so a process whose stdout reader has gone (a log shipper restarted,
 * `node main.js | head`) never ends after SIGTERM: its main thread spins in Atomics.wait. This writer:
 * EAGAIN (a full non-blocking pipe) → waits a little, at most `maxWaitMs` per line, then drops the line;
 * any other error (EPIPE, EBADF …) → the destination is dead and every later line is dropped.
 */
export interface LogDestination {
  write(line: string): void;
  /** pino calls this at exit; every line is already written (or dropped), so there is nothing to do. */
  flushSync(): void;
  readonly dead: boolean;
  readonly dropped: number;
}

export function createLogDestination(fd = 1, maxWaitMs = 1_000): LogDestination {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let dead = false;
  let dropped = 0;
  return {
    get dead() {
      return dead;
    },
    get dropped() {
      return dropped;
    },
    write(line: string) {
      if (dead) {
        dropped++;
        return;
      }
      let buffer = Buffer.from(line, 'utf8');
      const deadline = Date.now() + maxWaitMs;
      while (buffer.length > 0) {
        try {
          buffer = buffer.subarray(fs.writeSync(fd, buffer));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if ((code === 'EAGAIN' || code === 'EBUSY') && Date.now() < deadline) {
            Atomics.wait(pause, 0, 0, 5);
            continue;
          }
          if (code !== 'EAGAIN' && code !== 'EBUSY') dead = true;
          dropped++;
          return;
        }
      }
    },
    flushSync() {},
  };
}

/** The product's logger: the options above, writing to stdout through the writer above. */
export function createProductLogger(level: string, secrets: string[], destination: LogDestination = createLogDestination()): Logger {
  return pino(loggerOptions(level, secrets), destination);
}
