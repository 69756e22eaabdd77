import { translate, type MessageKey } from '../i18n/index.js';

/**
 * Domain errors carry a catalogue key (rendered in the user's language by the bot, shown by the admin)
 * and never a secret. The key is typed, so a key without a text in the catalogue does not compile.
 */
export class DomainError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
    /** The input it is about, when it is one field of a form (the admin shows the message under that field). */
    readonly field?: string,
  ) {
    super(key);
    this.name = 'DomainError';
  }
}

/** The error as an English sentence from the catalogue, for logs and command lines. */
export function describeError(error: DomainError): string {
  return translate('en', error.key, error.params);
}

/** The rows we need are locked by someone else for too long: the caller should try again shortly. */
export class BusyError extends DomainError {
  constructor() {
    super('error.busy');
    this.name = 'BusyError';
  }
}

/** PostgreSQL error codes worth a retry: lock_not_available, deadlock_detected, serialization_failure. */
export const RETRYABLE_PG_CODES = new Set(['55P03', '40P01', '40001']);

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_BUSY',
]);
const UNAVAILABLE_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)|Client has encountered a connection error|database is locked|SQLITE_BUSY|SQLITE_CANTOPEN/i;

/** True when the error means the database cannot be reached right now (as opposed to a bug or bad data). */
export function isDatabaseUnavailable(error: unknown): boolean {
  type Link = { name?: unknown; code?: unknown; message?: unknown; cause?: Link; driverError?: Link } | null | undefined;
  for (let e = error as Link, depth = 0; e && depth < 5; e = e.cause ?? e.driverError, depth++) {
    // The Bot API being unreachable is a network error too, but not the database's: never 503 for it.
    if (e.name === 'FetchError' || e.name === 'TelegramError') return false;
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}
