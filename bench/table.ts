import { formatTable } from '../ops/format-table.js';

/** Prints rows as an aligned plain-text table (what the closing notes quote). */
export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
  console.log(formatTable(headers, rows));
}

/** Percentile of a sorted list of numbers. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
