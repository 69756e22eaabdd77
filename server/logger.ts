import type { LoggerOptions } from 'pino';
import { redactDatabaseUrl } from '../db/database-url.js';

/**
 * Secrets never reach the log: the token, the webhook secret, session secret, passwords and database URLs
 * are redacted wherever they appear in a logged object, and the bot token is scrubbed from error
 * messages (Telegraf puts it in request URLs).
 */
export const REDACT_PATHS = [
  'botToken', 'webhookSecret', 'sessionSecret', 'ticketSecret', 'adminPassword', 'password', 'passwordHash', 'databaseUrl',
  '*.botToken', '*.webhookSecret', '*.sessionSecret', '*.ticketSecret', '*.adminPassword', '*.password', '*.passwordHash', '*.databaseUrl',
  'req.headers["x-telegram-bot-api-secret-token"]', 'req.headers.cookie', 'req.headers.authorization',
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
