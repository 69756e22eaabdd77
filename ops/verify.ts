import crypto from 'node:crypto';
import { OpsError, type OpsDatabase } from './connection.js';
import { migrationState } from './migration-state.js';
import { formatTable } from './format-table.js';
import { openReader } from './read-rows.js';
import { compareKeys, type RowLine } from './row-lines.js';
import { describeTables, type TableSpec } from './tables.js';

export interface TableComparison {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  /** Rows only in the source. */
  missing: number;
  /** Rows only in the target. */
  extra: number;
  /** Rows in both whose content differs. */
  changed: number;
  /** The first difference, e.g. `users id=42 changed`. */
  firstDifference: string | null;
}

export interface VerifyResult {
  tables: TableComparison[];
  ok: boolean;
  seconds: number;
}

/** Walks one table's lines one at a time over the reader's batches. */
class LineCursor {
  private batch: RowLine[] = [];
  private index = 0;
  private done = false;
  constructor(private readonly batches: AsyncGenerator<RowLine[]>) {}

  async peek(): Promise<RowLine | null> {
    while (this.index >= this.batch.length) {
      if (this.done) return null;
      const next = await this.batches.next();
      if (next.done) {
        this.done = true;
        return null;
      }
      this.batch = next.value;
      this.index = 0;
    }
    return this.batch[this.index];
  }

  skip(): void {
    this.index++;
  }
}

/**
 * Compares every table of two databases: row counts and a SHA-256 over each row's canonical line in
 * primary-key order (see row-lines.ts: timestamps at millisecond precision in UTC, booleans and numbers
 * normalised), and, by walking both sides together, how many rows are missing, extra or changed.
 */
export async function verifyDatabases(source: OpsDatabase, target: OpsDatabase): Promise<VerifyResult> {
  const started = Date.now();
  for (const db of [source, target]) {
    const state = await migrationState(db.dataSource);
    if (state.pending.length || state.unknown.length) {
      throw new OpsError(
        `${db.label} is not at the code's latest migration (${state.pending.length} pending, ${state.unknown.length} unknown to this code): ` +
          'both sides must have the same tables. Run `npm run db -- status --url <url>` to see which.',
      );
    }
  }
  const tables = describeTables(source.dataSource);
  const from = await openReader(source);
  const to = await openReader(target);
  try {
    const results: TableComparison[] = [];
    for (const table of tables) results.push(await compareTable(table, from.lines(table), to.lines(table)));
    return { tables: results, ok: results.every(isSame), seconds: (Date.now() - started) / 1000 };
  } finally {
    await from.close();
    await to.close();
  }
}

const isSame = (t: TableComparison) => t.missing === 0 && t.extra === 0 && t.changed === 0;

async function compareTable(table: TableSpec, sourceLines: AsyncGenerator<RowLine[]>, targetLines: AsyncGenerator<RowLine[]>): Promise<TableComparison> {
  const source = new LineCursor(sourceLines);
  const target = new LineCursor(targetLines);
  const sourceHash = crypto.createHash('sha256');
  const targetHash = crypto.createHash('sha256');
  const result: TableComparison = {
    table: table.name,
    sourceRows: 0,
    targetRows: 0,
    sourceChecksum: '',
    targetChecksum: '',
    missing: 0,
    extra: 0,
    changed: 0,
    firstDifference: null,
  };
  const note = (row: RowLine, what: string) => {
    result.firstDifference ??= `${table.primaryKey.name}=${row.key} ${what}`;
  };
  for (;;) {
    const a = await source.peek();
    const b = await target.peek();
    if (!a && !b) break;
    const order = !a ? 1 : !b ? -1 : compareKeys(table, a.key, b.key);
    if (order <= 0) {
      sourceHash.update(a!.line);
      sourceHash.update('\n');
      result.sourceRows++;
      source.skip();
    }
    if (order >= 0) {
      targetHash.update(b!.line);
      targetHash.update('\n');
      result.targetRows++;
      target.skip();
    }
    if (order < 0) {
      result.missing++;
      note(a!, 'missing in target');
    } else if (order > 0) {
      result.extra++;
      note(b!, 'only in target');
    } else if (a!.line !== b!.line) {
      result.changed++;
      const left = a!.line.split('\t');
      const right = b!.line.split('\t');
      const column = table.columns.find((_, i) => left[i] !== right[i]);
      note(a!, `differs in ${column?.name ?? 'a column'}`);
    }
  }
  result.sourceChecksum = sourceHash.digest('hex').slice(0, 16);
  result.targetChecksum = targetHash.digest('hex').slice(0, 16);
  return result;
}
export function formatVerifyReport(result: VerifyResult, sourceLabel: string, targetLabel: string): string {
  const rows = result.tables.map((t) => [
    t.table,
    t.sourceRows,
    t.targetRows,
    t.sourceChecksum,
    t.targetChecksum,
    isSame(t) ? 'ok' : `DIFFERENT: ${t.missing} missing, ${t.extra} extra, ${t.changed} changed; first: ${t.firstDifference}`,
  ]);
  const differing = result.tables.filter((t) => !isSame(t)).length;
  return [
    `source: ${sourceLabel}`,
    `target: ${targetLabel}`,
    formatTable(['table', 'source rows', 'target rows', 'source checksum', 'target checksum', 'result'], rows),
    result.ok ? `verify: OK — ${result.tables.length} tables identical (${result.seconds.toFixed(1)} s)` : `verify: FAILED — ${differing} of ${result.tables.length} tables differ`,
  ].join('\n');
}
