import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import convict from 'convict';
import dotenv from 'dotenv';
import { DatabaseUrlError, parseDatabaseUrl, type DatabaseTarget } from '../db/database-url.js';
import { isValidEmail, normalizeEmail } from '../domain/email.js';

/** A configuration problem: one line naming the variable and what is expected. Never carries a secret. */
export class ConfigError extends Error {}

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

function positiveInt(min = 0) {
  return (value: unknown) => {
    if (!Number.isInteger(value) || (value as number) < min) {
      throw new Error(`must be a whole number ≥ ${min}`);
    }
  };
}

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];
convict.addFormat({
  name: 'switch',
  validate(value: unknown) {
    if (typeof value !== 'boolean') throw new Error('must be true or false');
  },
  coerce(value: unknown) {
    const word = String(value).trim().toLowerCase();
    if (TRUE_WORDS.includes(word)) return true;
    if (FALSE_WORDS.includes(word)) return false;
    return value;
  },
});

const schema = {
  env: { doc: 'production makes the secrets required', format: ['production', 'development', 'test'], default: 'development', env: 'NODE_ENV' },
  databaseUrl: { doc: 'database by URL scheme', format: String, default: 'sqlite:./data/bot.sqlite', env: 'DATABASE_URL', sensitive: true },
  pgPoolSize: { doc: 'PostgreSQL connections kept open', format: positiveInt(1), default: 10, env: 'PG_POOL_SIZE' },
  pgMaxOverflow: { doc: 'extra PostgreSQL connections, closed when idle', format: positiveInt(0), default: 20, env: 'PG_MAX_OVERFLOW' },
  pgPoolTimeoutMs: {
    doc: 'how long a request waits for a PostgreSQL connection before the webhook answers 503',
    format: positiveInt(100),
    default: 2000,
    env: 'PG_POOL_TIMEOUT_MS',
  },
  botToken: { doc: 'token from @BotFather', format: String, default: '', env: 'BOT_TOKEN', sensitive: true },
  webhookSecret: { doc: 'X-Telegram-Bot-Api-Secret-Token', format: String, default: '', env: 'WEBHOOK_SECRET', sensitive: true },
  trustProxy: { doc: 'trust X-Forwarded-* from the proxy in front: false, true (one hop), a hop count, or its addresses', format: String, default: 'false', env: 'TRUST_PROXY' },
  publicUrl: { doc: 'HTTPS base URL Telegram calls', format: String, default: '', env: 'PUBLIC_URL' },
  telegramApiRoot: { doc: 'Bot API base URL', format: String, default: 'https://api.telegram.org', env: 'TELEGRAM_API_ROOT' },
  host: { doc: 'listen address', format: String, default: '0.0.0.0', env: 'HOST' },
  port: { doc: 'listen port', format: 'port', default: 8000, env: 'PORT' },
  adminEmail: { doc: 'first admin e-mail', format: String, default: '', env: 'ADMIN_EMAIL' },
  adminPassword: { doc: 'first admin password', format: String, default: '', env: 'ADMIN_PASSWORD', sensitive: true },
  sessionSecret: { doc: 'signs admin cookies', format: String, default: '', env: 'SESSION_SECRET', sensitive: true },
  logLevel: { doc: 'pino level', format: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', env: 'LOG_LEVEL' },
  broadcastRate: { doc: 'messages per second in all', format: positiveInt(1), default: 25, env: 'BROADCAST_RATE' },
  tzDisplay: { doc: 'time zone for display', format: String, default: 'Europe/Moscow', env: 'TZ_DISPLAY' },
  reminderOffsets: { doc: 'reminders before a competition or slot, e.g. 24h,1h', format: String, default: '24h,1h', env: 'REMINDER_OFFSETS' },
  waitlistOffer: { doc: 'how long a freed place is offered to the next on the waiting list, e.g. 12h', format: String, default: '12h', env: 'WAITLIST_OFFER' },
  retentionDays: { doc: 'days after a competition ends that its personal data is kept', format: positiveInt(1), default: 30, env: 'RETENTION_DAYS' },
  phoneRegion: { doc: 'country of a phone number typed without +', format: String, default: 'RU', env: 'PHONE_REGION' },
  ticketSecret: { doc: 'signs door tickets; derived from SESSION_SECRET when unset', format: String, default: '', env: 'TICKET_SECRET', sensitive: true },
  botMode: { doc: 'webhook or polling', format: ['webhook', 'polling'], default: 'webhook', env: 'BOT_MODE' },
  webhookAutoSet: { doc: 'setWebhook on boot', format: 'switch', default: false, env: 'WEBHOOK_AUTO_SET' },
  privacyOperator: { doc: 'who processes the personal data: name and address, written into the consent document', format: String, default: '', env: 'PRIVACY_OPERATOR' },
  privacyContact: { doc: 'how to reach the operator about personal data, written into the consent document', format: String, default: '', env: 'PRIVACY_CONTACT' },
} as const;

type Schema = typeof schema;
type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;
/** A variable's type: the union of its allowed values when the format lists them, else its default's type. */
type ValueOf<D> = D extends { format: readonly (infer U)[] } ? U : D extends { default: infer V } ? Widen<V> : never;
/** The values as the schema declares them, one property per variable. */
type SchemaValues = { -readonly [K in keyof Schema]: ValueOf<Schema[K]> };

const VARIABLE_OF: Record<string, string> = Object.fromEntries(Object.entries(schema).map(([key, def]) => [key, def.env]));

/** The parsed configuration: the schema's values plus what is derived from them at boot. */
/**
 * Whom to believe about the client's address and protocol: nobody (false), the N proxies in front (a hop
 * count; `true` means one), or the proxies at these addresses / CIDR ranges. Never "every hop": the leftmost
 * X-Forwarded-For entry is whatever the client wrote.
 */
export type TrustProxy = false | number | string[];

export interface Config extends Omit<SchemaValues, 'trustProxy'> {
  trustProxy: TrustProxy;
  isProduction: boolean;
  /** DATABASE_URL parsed. The raw `databaseUrl` is sensitive: never log it (use describeTarget). */
  database: DatabaseTarget;
  /** True when SESSION_SECRET was generated and kept under ./data (development only). */
  sessionSecretGenerated: boolean;
  /** REMINDER_OFFSETS in milliseconds, largest first. */
  reminderOffsetsMs: number[];
  /** WAITLIST_OFFER in milliseconds. */
  waitlistOfferMs: number;
  dataDir: string;
  /** Keys the hash of a Telegram id kept in consent records (derived from SESSION_SECRET; see docs/decisions.md). */
  consentHashKey: string;
}

/** Placeholders shown outside production when PRIVACY_OPERATOR / PRIVACY_CONTACT are unset. */
export const DEVELOPMENT_PRIVACY = { operator: 'Development operator (set PRIVACY_OPERATOR)', contact: 'privacy@example.org (set PRIVACY_CONTACT)' };

/** Reads `.env` from `cwd` into a copy of `env` (real environment variables win). */
export function withDotEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): NodeJS.ProcessEnv {
  const file = path.join(cwd, '.env');
  if (!fs.existsSync(file)) return env;
  const parsed = dotenv.parse(fs.readFileSync(file));
  return { ...parsed, ...env };
}

function describeValue(value: unknown, sensitive: boolean): string {
  if (sensitive) return '';
  return `, got ${JSON.stringify(String(value))}`;
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Loads and validates the configuration from an environment (process.env plus `.env`).
 * Throws ConfigError with one clear line naming the variable; the message never contains a secret value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = withDotEnv(process.env), cwd = process.cwd()): Config {
  // convict reads process.env by default; give it exactly the environment we were handed.
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '' && key in INVERSE_ENV) cleaned[key] = value;
  }
  const conf = convict<SchemaValues>(schema, { env: cleaned, args: [] });
  try {
    conf.validate({ allowed: 'strict' });
  } catch (error) {
    throw toConfigError(error as Error, cleaned);
  }
  const raw = conf.getProperties();
  const isProduction = raw.env === 'production';
  const dataDir = path.resolve(cwd, 'data');

  let database: DatabaseTarget;
  try {
    database = parseDatabaseUrl(raw.databaseUrl, cwd);
  } catch (error) {
    if (error instanceof DatabaseUrlError) throw new ConfigError(error.message);
    throw error;
  }
  if (raw.webhookSecret && !SECRET_TOKEN.test(raw.webhookSecret)) {
    throw new ConfigError('WEBHOOK_SECRET must be 1–256 characters of A-Z, a-z, 0-9, _ and -');
  }
  if (raw.publicUrl && !isHttpUrl(raw.publicUrl)) {
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL such as https://bot.example.org, got ${JSON.stringify(raw.publicUrl)}`);
  }
  if (!isHttpUrl(raw.telegramApiRoot)) {
    throw new ConfigError(`TELEGRAM_API_ROOT must be an http(s) URL, got ${JSON.stringify(raw.telegramApiRoot)}`);
  }
  if (!isValidTimeZone(raw.tzDisplay)) {
    throw new ConfigError(`TZ_DISPLAY must be an IANA time zone such as Europe/Moscow, got ${JSON.stringify(raw.tzDisplay)}`);
  }
  if (raw.adminEmail && !isValidEmail(normalizeEmail(raw.adminEmail))) {
    throw new ConfigError(`ADMIN_EMAIL must be an e-mail address, got ${JSON.stringify(raw.adminEmail)}`);
  }
  if (raw.sessionSecret && raw.sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be at least 32 characters long');
  }
  if (isProduction) {
    for (const [key, variable] of [
      ['botToken', 'BOT_TOKEN'],
      ['webhookSecret', 'WEBHOOK_SECRET'],
      ['sessionSecret', 'SESSION_SECRET'],
      ['privacyOperator', 'PRIVACY_OPERATOR'],
      ['privacyContact', 'PRIVACY_CONTACT'],
    ] as const) {
      if (!raw[key]) throw new ConfigError(`${variable} is required when NODE_ENV=production`);
    }
  }
  if (raw.ticketSecret && raw.ticketSecret.length < 32) {
    throw new ConfigError('TICKET_SECRET must be at least 32 characters long');
  }
  if (!/^[A-Za-z]{2}$/.test(raw.phoneRegion)) {
    throw new ConfigError(`PHONE_REGION must be a two-letter country code such as RU, got ${JSON.stringify(raw.phoneRegion)}`);
  }
  const reminderOffsetsMs = parseOffsets(raw.reminderOffsets);
  const waitlistOfferMs = parseDuration(raw.waitlistOffer, 'WAITLIST_OFFER', 'such as 12h (units m, h, d)');
  const trustProxy = parseTrustProxy(raw.trustProxy);
  let sessionSecret: string = raw.sessionSecret;
  let sessionSecretGenerated = false;
  if (!sessionSecret) {
    sessionSecret = developmentSessionSecret(dataDir);
    sessionSecretGenerated = true;
  }

  return {
    ...raw,
    trustProxy,
    publicUrl: raw.publicUrl.replace(/\/+$/, ''),
    telegramApiRoot: raw.telegramApiRoot.replace(/\/+$/, ''),
    phoneRegion: raw.phoneRegion.toUpperCase(),
    // Tickets are signed with their own key; without TICKET_SECRET one is derived from SESSION_SECRET
    // (rotating the session secret then also invalidates printed tickets).
    ticketSecret: raw.ticketSecret || crypto.createHmac('sha256', sessionSecret).update('ticket-secret').digest('hex'),
    // Not TICKET_SECRET: that one is rotated when tickets leak, and the consent proofs must not move with it.
    consentHashKey: crypto.createHmac('sha256', sessionSecret).update('consent-proof').digest('hex'),
    privacyOperator: raw.privacyOperator.trim() || DEVELOPMENT_PRIVACY.operator,
    privacyContact: raw.privacyContact.trim() || DEVELOPMENT_PRIVACY.contact,
    isProduction,
    database,
    sessionSecret,
    sessionSecretGenerated,
    reminderOffsetsMs,
    waitlistOfferMs,
    dataDir,
  };
}

const INVERSE_ENV: Record<string, string> = Object.fromEntries(Object.entries(VARIABLE_OF).map(([k, v]) => [v, k]));

const SENSITIVE_KEYS = new Set(
  Object.entries(schema)
    .filter(([, d]) => 'sensitive' in d && d.sensitive)
    .map(([k]) => k),
);

/** convict's messages name the property path ("port: ports must be ..."); translate them to the variable. */
function toConfigError(error: Error, env: Record<string, string>): ConfigError {
  const first = error.message.split('\n')[0] ?? error.message;
  const match = /^([a-zA-Z]+): (.*?)(?:: value was .*)?$/.exec(first);
  if (!match) return new ConfigError(`Invalid configuration: ${first}`);
  const [, key, reason] = match;
  const variable = VARIABLE_OF[key] ?? key;
  const value = env[variable];
  let expected = reason.replace(/^must be one of the possible values: /, 'must be one of ');
  if (/ports? must be/.test(expected) || expected.includes('port')) expected = 'must be a port number (0–65535)';
  if (expected.startsWith('must be of type Boolean')) expected = 'must be true or false';
  return new ConfigError(`${variable} ${expected}${value !== undefined ? describeValue(value, SENSITIVE_KEYS.has(key)) : ''}`);
}

const ADDRESS = /^[0-9a-fA-F.:]+(\/\d{1,3})?$/;

/** TRUST_PROXY: false | true (= 1 hop) | a hop count | comma-separated addresses or CIDR ranges. */
function parseTrustProxy(text: string): TrustProxy {
  const value = text.trim().toLowerCase();
  if (FALSE_WORDS.includes(value)) return false;
  if (TRUE_WORDS.includes(value) && value !== '1') return 1;
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 10) return Number(value);
  const addresses = value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (addresses.length > 0 && addresses.every((a) => ADDRESS.test(a) || a === 'loopback' || a === 'linklocal' || a === 'uniquelocal')) return addresses;
  throw new ConfigError(
    `TRUST_PROXY must be false, true (one proxy hop), a hop count from 1 to 10, or the proxy's addresses (e.g. 10.0.0.2,172.18.0.0/16), got ${JSON.stringify(text)}`,
  );
}

const OFFSET_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "12h" → 43200000: minutes, hours or days; anything else stops the boot naming `variable`. */
function parseDuration(text: string, variable: string, example: string, whole = text): number {
  const match = /^(\d+)\s*([mhd])$/i.exec(text.trim());
  if (!match || Number(match[1]) <= 0) throw new ConfigError(`${variable} must be ${example}, got ${JSON.stringify(whole)}`);
  return Number(match[1]) * OFFSET_UNITS[match[2].toLowerCase()];
}

/** "24h,1h" → [86400000, 3600000]: minutes, hours or days, largest first, no duplicates. */
function parseOffsets(text: string): number[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const offsets = parts.map((part) => parseDuration(part, 'REMINDER_OFFSETS', 'a comma-separated list such as 24h,1h (units m, h, d)', text));
  return [...new Set(offsets)].sort((a, b) => b - a);
}

/** A random secret generated once per development machine, so admin sessions survive restarts. */
function developmentSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not there yet
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Every variable the schema knows, for docs and tests. */
export const CONFIG_VARIABLES = Object.values(VARIABLE_OF);
