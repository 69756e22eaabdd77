import { describe, expect, it } from 'vitest';
import { TEST_DB } from '../../devkit/database.js';
import { people, useBotService } from './helpers.js';

const svc = useBotService();
const { known } = people(() => svc.h);

describe(`buttons with ids past the database's integers (${TEST_DB})`, () => {
  it('are stale buttons: the toast and the menu, never a failed update with a stack in the log', async () => {
    const user = await known('Ида');
    const before = svc.h.logs.lines.length;
    // The id columns are 32-bit integers: past 2^31 - 1 no row can have the id, and PostgreSQL would refuse it.
    for (const data of ['cd:999999999999999', 'mr:2147483648', 'tk:99999999999', 'at:2147483648:0:yes', 'st:1:4294967296']) {
      const answered = user.callbackAnswers().length;
      expect(await user.pressData(data), data).toBe(200);
      expect(user.callbackAnswers().slice(answered), data).toEqual(['Эта кнопка устарела. Вот актуальное меню:']);
      expect(user.lastReply()?.buttons.flat(), data).toContain('🏆 Соревнования');
    }
    const logged = svc.h.logs.lines.slice(before);
    expect(logged.filter((l) => l.level >= 50 || l.err?.stack)).toEqual([]);
    expect(logged.filter((l) => /handler failed/.test(String(l.msg)))).toEqual([]);
  });
});
