/** Per-table copy progress: a bar redrawn in place on a terminal, plain lines otherwise (logs, CI, pipes). */
export interface Progress {
  startTable(table: string, total: number): void;
  advance(rows: number): void;
  endTable(): void;
}

export interface TableTiming {
  table: string;
  rows: number;
  seconds: number;
}

const BAR_WIDTH = 24;
const PLAIN_EVERY_MS = 5_000;
const TTY_EVERY_MS = 100;

export const formatCount = (n: number) => n.toLocaleString('en-US');
export const rate = (rows: number, seconds: number) => (seconds > 0 ? Math.round(rows / seconds) : rows);

export function createProgress(out: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean }, timings: TableTiming[]): Progress {
  const tty = Boolean(out.isTTY);
  let table = '';
  let total = 0;
  let done = 0;
  let started = 0;
  let lastDraw = 0;

  const line = () => {
    const seconds = (Date.now() - started) / 1000;
    const counts = `${formatCount(done)}/${formatCount(total)} rows  ${formatCount(rate(done, seconds))} rows/s`;
    if (!tty) return `${table.padEnd(22)} ${counts}`;
    const filled = total ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
    const percent = total ? Math.floor((done / total) * 100) : 100;
    return `${table.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(percent).padStart(3)}%  ${counts}`;
  };

  return {
    startTable(name, rows) {
      table = name;
      total = rows;
      done = 0;
      started = Date.now();
      lastDraw = started;
      if (tty && total > 0) out.write(`\r${line()}\x1b[K`);
    },
    advance(rows) {
      done += rows;
      const now = Date.now();
      if (now - lastDraw < (tty ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
      lastDraw = now;
      out.write(tty ? `\r${line()}\x1b[K` : `${line()}\n`);
    },
    endTable() {
      timings.push({ table, rows: done, seconds: (Date.now() - started) / 1000 });
      if (total === 0 && done === 0) return; // empty tables are listed once, after the copy
      out.write(tty ? `\r${line()}\x1b[K\n` : `${line()}  done\n`);
    },
  };
}
