import path from 'node:path';

/** Where the data lives, decided by the scheme of DATABASE_URL. */
export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export class DatabaseUrlError extends Error {}

const SQLITE_SCHEME = /^sqlite(\+aiosqlite)?:/i;
const POSTGRES_SCHEME = /^(postgres|postgresql|postgresql\+asyncpg):\/\//i;

/**
 * Accepts our own forms (`sqlite:PATH`, `sqlite://PATH`) and the SQLAlchemy forms the Python bot used
 * (`sqlite:///REL`, `sqlite:////ABS`, `+aiosqlite`, `postgresql+asyncpg://`), so an old `.env` keeps working.
 * Relative SQLite paths are resolved against `cwd`.
 */
export function parseDatabaseUrl(raw: string, cwd = process.cwd()): DatabaseTarget {
  const url = raw.trim();
  if (SQLITE_SCHEME.test(url)) {
    const rest = url.replace(SQLITE_SCHEME, '');
    let file: string;
    if (rest.startsWith('////'))
      file = rest.slice(3); // sqlite:////abs → /abs
    else if (rest.startsWith('///'))
      file = rest.slice(3); // sqlite:///rel → rel
    else if (rest.startsWith('//'))
      file = rest.slice(2); // sqlite://PATH → PATH as written
    else file = rest; // sqlite:PATH
    if (!file || file === ':memory:') {
      throw new DatabaseUrlError('DATABASE_URL must name a SQLite file, e.g. sqlite:./data/bot.sqlite');
    }
    return { kind: 'sqlite', path: path.isAbsolute(file) ? file : path.resolve(cwd, file) };
  }
  if (POSTGRES_SCHEME.test(url)) {
    const normalized = url.replace(POSTGRES_SCHEME, 'postgresql://');
    try {
      new URL(normalized);
    } catch {
      throw new DatabaseUrlError('DATABASE_URL is not a valid PostgreSQL URL');
    }
    return { kind: 'postgres', url: normalized };
  }
  const scheme = /^([a-z0-9+.-]+):/i.exec(url)?.[1];
  throw new DatabaseUrlError(`DATABASE_URL must start with sqlite: or postgresql:// (postgres://, postgresql+asyncpg://), got ${scheme ? `"${scheme}:"` : 'no scheme'}`);
}

/**
 * Every `scheme://user:password@` in a text (a URL, an error message quoting one) with the password
 * replaced: the one mask for logs, errors and CLI output.
 */
export function redactDatabaseUrl(text: string): string {
  return text.replace(/(\/\/[^:/@\s]+:)[^@\s]*@/g, '$1***@');
}

/** A short, password-free description of a target, e.g. `postgresql://u@host:5432/db` or `sqlite:/abs/path`. */
export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? `sqlite:${target.path}` : redactDatabaseUrl(target.url);
}
