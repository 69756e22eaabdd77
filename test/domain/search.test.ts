import { describe, expect, it } from 'vitest';
import { User } from '../../entities/index.js';
import { doorSearchCondition, whereUserMatches } from '../../domain/read-models/search.js';
import { TEST_DB } from '../../devkit/database.js';
import { makeUser, useDomainFixture } from './fixtures.js';

const f = useDomainFixture();

/** Who the admin's search finds for `typed`, among `ids`. */
async function found(typed: string, ids: number[]): Promise<number[]> {
  const qb = f.db.manager.createQueryBuilder(User, 't');
  whereUserMatches(qb, f.db, 't', typed);
  return (await qb.getMany()).map((u) => u.id).filter((id) => ids.includes(id));
}

describe(`search finds people as they are typed (${TEST_DB})`, () => {
  it('a username with its @, a phone number however it is written, a part of it', async () => {
    const tag = String(Date.now() % 1_000_000).padStart(6, '0');
    const egor = await makeUser(f.db, { username: `egor_voronov${tag}`, fullName: 'Егор Воронов', phone: `+7912${tag}9` });
    const other = await makeUser(f.db, { username: 'someone_else', fullName: 'Другой Человек', phone: '+79990000000' });
    const ids = [egor.id, other.id];
    const [a, b, c] = [tag.slice(0, 3), tag.slice(3, 5), tag.slice(5) + '9'];
    for (const typed of [
      `@egor_voronov${tag}`,
      `egor_vor`,
      `8 912 ${a}-${b}-${c}`,
      `+7 912 ${a} ${b} ${c}`,
      `8912${tag}9`,
      `+7912${tag}9`,
      `912 ${a}`,
      `${a}-${b}`,
      `9 1 2 ${a}`,
    ]) {
      expect(await found(typed, ids), typed).toEqual([egor.id]);
    }
    expect(await found('Воронов', ids)).toEqual([egor.id]);
    expect(await found('8 800 555-35-35', ids)).toEqual([]);
  });

  it('the door matches the last four digits as its answers show them (•••• 43-21), and no more', async () => {
    const tag = String(Date.now() % 10_000).padStart(4, '0');
    const person = await makeUser(f.db, { fullName: `Дверь ${tag}`, username: `door${tag}`, phone: `+7916000${tag}` });
    const at = async (typed: string) => {
      const condition = doorSearchCondition(f.db.isPostgres, typed);
      if (!condition) return [];
      const rows = await f.db.manager.createQueryBuilder(User, 'u').where(condition.sql, condition.params).getMany();
      return rows.map((u) => u.id).filter((id) => id === person.id);
    };
    expect(await at(`${tag.slice(0, 2)}-${tag.slice(2)}`)).toEqual([person.id]);
    expect(await at(`@door${tag}`)).toEqual([person.id]);
    expect(await at(`+7916000${tag}`)).toEqual([]); // more than the answer shows tells nothing
  });
});
