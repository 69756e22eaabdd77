import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../devkit/database.js';
import { newUpdateId } from '../../devkit/conversation.js';
import { startTestService, type TestService } from '../../devkit/service.js';
import { TcpProxy } from '../../devkit/tcp-proxy.js';
import { describePostgresOnly } from '../helpers/postgres-only.js';

function startUpdate(updateId: number, chatId: number) {
  return {
    update_id: updateId,
    message: {
      message_id: 1,
      date: 1_700_000_000,
      chat: { id: chatId, type: 'private' },
      from: { id: chatId, is_bot: false, first_name: 'Olga' },
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
}

// PostgreSQL is the database that can go away under a running service (SQLite is a local file), so this
// file always runs against PostgreSQL, behind a proxy the test cuts — in the SQLite run of the suite too.
describePostgresOnly('database unavailable (PostgreSQL behind a cut proxy)', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let h: TestService;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const direct = new URL(database.url);
    proxy = await new TcpProxy(direct.hostname, Number(direct.port || 5432)).start();
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    h = await startTestService({
      database: { ...database, url: viaProxy.toString(), target: { kind: 'postgres', url: viaProxy.toString() } },
      env: { PG_POOL_SIZE: '2', PG_MAX_OVERFLOW: '2' },
    });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await h?.stop();
    await h?.api.stop();
    await database?.drop();
  });

  it('answers 503 without marking the update, and processes Telegram’s redelivery once the database is back', async () => {
    const id = newUpdateId();
    await proxy.cut();

    const during = await h.postUpdate(startUpdate(id, 2001));
    expect(during.status).toBe(503);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(503);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    expect(h.api.messagesTo(2001)).toHaveLength(0);

    await proxy.restore();
    // Telegram redelivers the same update: it was not marked, so it is processed now.
    const redelivered = await h.postUpdate(startUpdate(id, 2001));
    expect(redelivered.status).toBe(200);
    expect(h.api.messagesTo(2001)).toHaveLength(1);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
  });
});
