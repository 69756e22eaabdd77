import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../domain/infrastructure/database.js';
import { fileOfAnswer, recordFileOpened } from '../domain/read-models/answers.js';
import { adminActor } from '../domain/actor.js';
import { isStaff } from './resources/shared.js';

/** A file's name as a download header: an ASCII fallback and the UTF-8 name (RFC 6266). */
function disposition(name: string): string {
  const clean =
    name
      .replace(/[\\/:*?"<>|\r\n\t]+/g, ' ')
      .trim()
      .slice(0, 120) || 'file';
  const ascii = clean.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}

/**
 * GET {rootPath}/answers/:id/file: a file someone sent the bot as an answer, for staff (admins and organizers; door
 * staff never — they are confined to the scanner before this, and refused here too). The server asks the Bot
 * API's getFile with the bot's token and streams the file from Telegram's file address to the browser under its
 * own name: the browser sees neither the token nor Telegram's address (no redirect). Nothing of the file — its
 * name, its path, its bytes — is logged; a failure says only that Telegram did not give it.
 */
export function answerFileRoutes(scope: FastifyInstance, options: { rootPath: string; db: Database; botToken: string; telegramApiRoot: string }): void {
  const { rootPath, db, botToken, telegramApiRoot } = options;
  scope.get<{ Params: { id: string } }>(`${rootPath}/answers/:id/file`, async (request, reply) => {
    const current = request.session.get('adminUser');
    if (!current || !isStaff({ currentAdmin: current })) return reply.code(403).send({ error: 'Forbidden' });
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return reply.code(400).send({ error: 'Bad answer id' });
    const file = await fileOfAnswer(db, id);
    if (!file) return reply.code(404).send({ error: 'No such file' });
    const api = `${telegramApiRoot}/bot${botToken}`;
    const info = await fetch(`${api}/getFile`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file_id: file.fileId }) })
      .then((r) => r.json() as Promise<{ ok: boolean; result?: { file_path?: string } }>)
      .catch(() => null);
    const path = info?.ok ? info.result?.file_path : undefined;
    if (!path) return reply.code(502).send({ error: 'Telegram did not give the file' });
    const download = await fetch(`${telegramApiRoot}/file/bot${botToken}/${path}`).catch(() => null);
    if (!download?.ok || !download.body) return reply.code(502).send({ error: 'Telegram did not give the file' });
    await recordFileOpened(db, adminActor(Number(current.id), 'admin'), id);
    const name = file.name ?? path.split('/').pop() ?? 'file';
    reply
      .header('content-type', file.mime && /^[\w.+-]+\/[\w.+-]+$/.test(file.mime) ? file.mime : 'application/octet-stream')
      .header('content-disposition', disposition(name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store');
    const length = download.headers.get('content-length');
    if (length) reply.header('content-length', length);
    return reply.send(Readable.fromWeb(download.body as WebReadableStream<Uint8Array>));
  });
}
