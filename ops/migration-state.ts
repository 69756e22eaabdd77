import type { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from '../db/data-source.js';

export interface MigrationState {
  /** Applied migrations, oldest first. */
  applied: { name: string; timestamp: number }[];
  /** Migrations the code has that this database has not run. */
  pending: string[];
  /** Migrations this database ran that the code does not know (the database is newer than the code). */
  unknown: string[];
  /** The newest migration the code knows. */
  latest: string | null;
}

export async function migrationState(dataSource: DataSource): Promise<MigrationState> {
  const runner = dataSource.createQueryRunner();
  let applied: { name: string; timestamp: number }[] = [];
  try {
    if (await runner.hasTable(MIGRATIONS_TABLE)) {
      const rows: { name: string; timestamp: string | number }[] = await runner.query(`SELECT name, timestamp FROM ${MIGRATIONS_TABLE} ORDER BY timestamp, id`);
      applied = rows.map((r) => ({ name: r.name, timestamp: Number(r.timestamp) }));
    }
  } finally {
    await runner.release();
  }
  const known = dataSource.migrations.map((m) => m.name!).filter(Boolean);
  const appliedNames = new Set(applied.map((a) => a.name));
  return {
    applied,
    pending: known.filter((name) => !appliedNames.has(name)),
    unknown: applied.map((a) => a.name).filter((name) => !known.includes(name)),
    latest: known[known.length - 1] ?? null,
  };
}

/** Runs the pending migrations; returns their names. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const done = await dataSource.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}

export function describeVersion(state: MigrationState): string {
  return state.applied.length ? state.applied[state.applied.length - 1].name : 'no migrations';
}
