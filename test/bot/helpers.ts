import { afterAll, beforeAll } from 'vitest';
import { User } from '../../entities/index.js';
import { RateLimiter, runOutboxOnce } from '../../bot/delivery.js';
import { TestUser, type TestUserProfile } from '../../devkit/conversation.js';
import { startTestService, type TestService } from '../../devkit/service.js';

let nextId = 700_000 + (process.pid % 1000) * 100;

/** People talking to the test service; `known` ones already have a complete profile. */
export function people(harness: () => TestService) {
  const person = (profile: Partial<TestUserProfile> = {}) => new TestUser(harness, { id: ++nextId, first_name: 'Анна', language_code: 'ru', ...profile });
  async function known(first_name: string, language_code = 'ru'): Promise<TestUser> {
    const user = person({ first_name, language_code });
    await user.send('/start');
    await harness().service.db.write((m) => m.update(User, { telegramId: user.id }, { fullName: `${first_name} Smith`, phone: `+7900${user.id}` }));
    return user;
  }
  return { person, known };
}

/** Delivers the outbox now (the service's own sender may get there first: either way each goes out once). */
export async function deliverOutbox(h: TestService): Promise<void> {
  const { db, bot, logger } = h.service;
  await runOutboxOnce({ db, telegram: bot!.telegram, logger, tzDisplay: h.config.tzDisplay, limiter: new RateLimiter(1000, 0) });
}

/** Waits until the user got a message containing `text` (delivered by a background sender). */
export function waitForMessage(h: TestService, user: TestUser, text: string): Promise<void> {
  return h.api.waitFor(() => user.replies().some((r) => r.text.includes(text)));
}

/** The real service for one test file (started before its tests, closed after); `h` changes on restart. */
export function useBotService(env: Record<string, string> = {}): { h: TestService } {
  const holder = {} as { h: TestService };
  beforeAll(async () => {
    holder.h = await startTestService({ env });
  });
  afterAll(async () => holder.h?.close());
  return holder;
}
