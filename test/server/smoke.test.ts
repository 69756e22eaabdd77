import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestUser } from '../../devkit/conversation.js';
import { startTestService, type TestService } from '../../devkit/service.js';

describe('boot and /start', () => {
  let h: TestService;
  beforeAll(async () => {
    h = await startTestService();
  });
  afterAll(async () => h?.close());

  it('is ready and greets a new user in Russian', async () => {
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
    const user = new TestUser(() => h, { id: 501, first_name: 'Анна', language_code: 'ru' });
    expect(await user.send('/start')).toBe(200);
    if (!user.lastReply()) console.log(h.logs.text(), h.api.calls);
    expect(user.lastReply()?.text).toContain('Здравствуйте, Анна');
  });
});
