import { describe, expect, it } from 'vitest';
import { createProgress, type TableTiming } from '../../ops/progress.js';

function sink(isTTY: boolean) {
  const parts: string[] = [];
  return { isTTY, write: (text: string) => parts.push(text), text: () => parts.join('') };
}

describe('copy progress', () => {
  it('on a terminal: a bar redrawn in place, with rows and rows/s', () => {
    const out = sink(true);
    const timings: TableTiming[] = [];
    const progress = createProgress(out, timings);
    progress.startTable('users', 1000);
    progress.advance(1000);
    progress.endTable();
    expect(out.text()).toMatch(/^\rusers\s+\[\.{24}\]\s+0%\s+0\/1,000 rows/);
    // The line ends by clearing the rest of the terminal line (ESC [ K).
    expect(out.text()).toMatch(new RegExp(String.raw`\rusers\s+\[#{24}\] 100%\s+1,000/1,000 rows\s+[\d,]+ rows/s` + '\u001b\\[K\n$'));
    expect(timings).toEqual([{ table: 'users', rows: 1000, seconds: expect.any(Number) }]);
  });

  it('in a log or a pipe: plain lines, one per table; empty tables are timed but not printed', () => {
    const out = sink(false);
    const timings: TableTiming[] = [];
    const progress = createProgress(out, timings);
    progress.startTable('users', 2);
    progress.advance(2);
    progress.endTable();
    progress.startTable('broadcasts', 0);
    progress.endTable();
    expect(out.text()).toMatch(/^users\s+2\/2 rows\s+[\d,]+ rows\/s\s+done\n$/);
    expect(out.text()).not.toContain('\r');
    expect(timings.map((t) => [t.table, t.rows])).toEqual([
      ['users', 2],
      ['broadcasts', 0],
    ]);
  });
});
