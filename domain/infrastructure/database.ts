import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { BusyError, RETRYABLE_PG_CODES } from '../errors.js';
import { DEFAULT_SETTINGS, type DomainSettings } from '../settings.js';

const PG_LOCK_TIMEOUT = '2s';
const MAX_ATTEMPTS = 4;

/**
 * The one place that opens write transactions. Every domain rule runs inside `write`: lock, recount, write.
 *
 * - PostgreSQL: a normal transaction with a lock timeout; rules lock the rows they count (`lockForUpdate`),
 *   and a lock timeout, deadlock or serialization failure is retried a few times, then BusyError.
 * - SQLite: TypeORM's sqlite driver has one connection for everything, so two transactions at once would
 *   collide. Write transactions are queued in-process, and opened with BEGIN IMMEDIATE so that several
 *   processes on the same file take the write lock up front (waiting up to the busy timeout) instead of
 *   failing at commit. Being serialized, they need no row locks.
 */
export class Database {
  private sqliteQueue: Promise<unknown> = Promise.resolve();
  readonly isPostgres: boolean;
  /** The connection an update's turn holds (domain/infrastructure/turn-store.ts): its handler's queries use it too. */
  private readonly bound = new AsyncLocalStorage<QueryRunner>();

  constructor(
    readonly dataSource: DataSource,
    /** What the rules read of the configuration (the offer window, the display zone). */
    readonly settings: DomainSettings = DEFAULT_SETTINGS,
  ) {
    this.isPostgres = dataSource.options.type === 'postgres';
  }

  get manager(): EntityManager {
    return this.bound.getStore()?.manager ?? this.dataSource.manager;
  }

  /**
   * Runs `work` with every query of this Database (reads, `write` transactions) on `runner`'s connection. The
   * webhook holds one connection per chat being handled (its advisory lock lives there); were the handler's
   * queries to take more connections from the same pool, a burst of chats holding every connection would wait
   * on each other until the pool timeout. One connection per update cannot starve.
   */
  bindConnection<T>(runner: QueryRunner, work: () => Promise<T>): Promise<T> {
    return this.bound.run(runner, work);
  }

  /** Raw SQL is written with PostgreSQL placeholders ($1, $2 …); SQLite gets the numbered form ?1, ?2 … */
  sql(text: string): string {
    return this.isPostgres ? text : text.replace(/\$(\d+)/g, '?$1');
  }

  /** A timestamp parameter for raw SQL, stored the way TypeORM stores it on each database (UTC). */
  date(value: Date): Date | string {
    return this.isPostgres ? value : value.toISOString().replace('T', ' ').replace('Z', '');
  }

  /** Runs a raw INSERT/UPDATE/DELETE (PostgreSQL placeholders) and returns how many rows it changed. */
  async execute(text: string, params: unknown[] = [], manager: EntityManager = this.manager): Promise<number> {
    const runner = manager.queryRunner ?? this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(this.sql(text), params, true);
      return result.affected ?? 0;
    } finally {
      if (!manager.queryRunner) await runner.release();
    }
  }

  /** Runs raw SQL (PostgreSQL placeholders) with the manager of the current transaction, or the pool. */
  query<T extends object>(text: string, params: unknown[] = [], manager: EntityManager = this.manager): Promise<T[]> {
    return manager.query(this.sql(text), params);
  }

  /**
   * PostgreSQL: sends `text` — several statements, values inlined with `literal` — as ONE simple-protocol message,
   * one round trip, on the connection of the update's turn (or one from the pool). The statements run as one
   * implicit transaction, with the lock timeout of `write`'s transactions. Returns the rows of the last statement.
   * Only for a hot path whose round trips were counted (see docs/architecture.md).
   */
  async sendInOneMessage<T extends object>(text: string): Promise<T[]> {
    if (!this.isPostgres) throw new Error('sendInOneMessage is for PostgreSQL');
    const bound = this.bound.getStore();
    if (bound?.isTransactionActive) throw new Error('sendInOneMessage runs outside a transaction');
    const runner = bound ?? this.dataSource.createQueryRunner();
    try {
      // TypeORM's postgres runner hands out the node-postgres client it holds; its type says `any`.
      const client = (await runner.connect()) as pg.PoolClient;
      const results = (await client.query(`SET LOCAL lock_timeout = '${PG_LOCK_TIMEOUT}'; ${text}`)) as unknown as pg.QueryResult<T> | Array<pg.QueryResult<T>>;
      return (Array.isArray(results) ? results[results.length - 1] : results).rows;
    } finally {
      if (!bound) await runner.release();
    }
  }

  /** A value written into SQL text as a PostgreSQL literal (for `sendInOneMessage`); null → NULL. */
  literal(value: string | number | boolean | null | undefined): string {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
      return String(value);
    }
    return pg.escapeLiteral(value);
  }

  /** A raw row (column names as stored) as `entity`, its values typed as TypeORM reads them. */
  entityFromRow<T extends ObjectLiteral>(entity: EntityTarget<T>, raw: Record<string, unknown>): T {
    const metadata = this.dataSource.getMetadata(entity);
    const record = metadata.create() as T;
    for (const column of metadata.columns) {
      column.setEntityValue(record, this.dataSource.driver.prepareHydratedValue(raw[column.databaseName], column));
    }
    return record;
  }

  /** A row read as JSON (PostgreSQL's `row_to_json`) as `entity`: timestamps arrive as text, turned into dates here. */
  entityFromJsonRow<T extends ObjectLiteral>(entity: EntityTarget<T>, raw: Record<string, unknown>): T {
    const record = this.entityFromRow(entity, raw);
    for (const column of this.dataSource.getMetadata(entity).columns) {
      const value = column.getEntityValue(record);
      if (column.type === Date && typeof value === 'string') column.setEntityValue(record, new Date(value));
    }
    return record;
  }

  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.isPostgres ? this.writePostgres(work) : this.writeSqlite(work);
  }

  /**
   * Locks rows of `table` by id for the rest of the transaction (PostgreSQL), in id order so two rules
   * locking the same rows never deadlock. On SQLite the write queue already serializes transactions.
   */
  async lockForUpdate(manager: EntityManager, table: string, ids: number[]): Promise<void> {
    if (!this.isPostgres || ids.length === 0) return;
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    await manager.query(`SELECT id FROM "${table}" WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [sorted]);
  }

  /**
   * One statement that needs no lock and no recount (mark an update, save a session): on PostgreSQL it runs
   * on its own (autocommit, one round trip instead of a transaction's four); on SQLite it still takes its
   * turn in the write queue. Returns how many rows it changed.
   */
  writeStatement(text: string, params: unknown[] = []): Promise<number> {
    if (!this.isPostgres) return this.write((manager) => this.execute(text, params, manager));
    return this.execute(text, params);
  }

  /**
   * Like writeStatement, for an INSERT/UPDATE … RETURNING: the returned rows. (TypeORM's sqlite runner
   * executes a statement starting with INSERT/UPDATE/DELETE without reading rows; a leading comment makes it
   * read them.)
   */
  writeStatementReturning<T extends object>(text: string, params: unknown[] = []): Promise<T[]> {
    const statement = `/* returning */ ${text}`;
    if (!this.isPostgres) return this.write((manager) => this.query<T>(statement, params, manager));
    return this.query<T>(statement, params);
  }

  private async writePostgres<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactionPostgres(work);
      } catch (error) {
        const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
        if (!code || !RETRYABLE_PG_CODES.has(code)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new BusyError();
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
      }
    }
  }

  /**
   * Runs `work` in a transaction we open ourselves with `begin`: on PostgreSQL BEGIN and the lock timeout go
   * to the server in one round trip (TypeORM's transaction() takes two); on SQLite it is BEGIN IMMEDIATE.
   */
  private async inTransaction<T>(begin: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const bound = this.bound.getStore();
    const runner = bound ?? this.dataSource.createQueryRunner();
    try {
      // Marked first: should `begin` fail halfway, the ROLLBACK below still runs (harmless when nothing began).
      markTransaction(runner, true);
      await runner.query(begin);
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      markTransaction(runner, false);
      if (!bound) await runner.release();
    }
  }

  private transactionPostgres<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.inTransaction(`BEGIN; SET LOCAL lock_timeout = '${PG_LOCK_TIMEOUT}'`, work);
  }

  private writeSqlite<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const run = () => this.inTransaction('BEGIN IMMEDIATE', work);
    const result = this.sqliteQueue.then(run, run);
    this.sqliteQueue = result.catch(() => undefined);
    return result;
  }
}

/** We opened the transaction ourselves (BEGIN IMMEDIATE); tell TypeORM so that save() does not open another. */
function markTransaction(runner: QueryRunner, active: boolean): void {
  (runner as { isTransactionActive: boolean }).isTransactionActive = active;
}
