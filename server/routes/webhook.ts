import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'telegraf/types';
import type { UpdateOutcome } from '../../bot/pipeline.js';
import { isDatabaseUnavailable } from '../../domain/errors.js';

export const WEBHOOK_PATH = '/telegram/webhook';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface WebhookOptions {
  /** Empty: the webhook refuses every request (401). */
  secret: string;
  /** null when the bot is off (no BOT_TOKEN): updates are acknowledged and dropped. */
  handleUpdate: ((update: Update) => Promise<UpdateOutcome>) | null;
}

/** The parts of an update Telegram always sends as objects; anything else there is a malformed body. */
const OBJECT_FIELDS = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'callback_query',
  'inline_query',
  'chosen_inline_result',
  'my_chat_member',
  'chat_member',
  'chat_join_request',
  'pre_checkout_query',
  'shipping_query',
  'poll',
  'poll_answer',
  'message_reaction',
  'business_message',
];

const USER = { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, first_name: { type: 'string' } } };
const CHAT = { type: 'object', required: ['id', 'type'], properties: { id: { type: 'integer' }, type: { type: 'string' } } };
const MESSAGE = {
  type: 'object',
  required: ['message_id', 'chat'],
  properties: {
    message_id: { type: 'integer' },
    chat: CHAT,
    from: USER,
    text: { type: 'string' },
    entities: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'offset', 'length'],
        properties: { type: { type: 'string' }, offset: { type: 'integer' }, length: { type: 'integer' } },
      },
    },
    contact: { type: 'object', required: ['phone_number'], properties: { phone_number: { type: 'string' }, user_id: { type: 'integer' } } },
  },
};

const updateSchema = {
  type: 'object',
  required: ['update_id'],
  properties: {
    update_id: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    ...Object.fromEntries(OBJECT_FIELDS.map((field) => [field, { type: 'object' }])),
    // The fields the bot reads, typed as Telegram sends them: a mistyped one is a malformed body (400), not a
    // handler that throws on it (test/server/fuzz.test.ts).
    message: MESSAGE,
    edited_message: MESSAGE,
    callback_query: {
      type: 'object',
      required: ['id', 'from'],
      properties: { id: { type: 'string' }, from: USER, data: { type: 'string' }, message: { type: 'object' } },
    },
    my_chat_member: { type: 'object', required: ['chat', 'from'], properties: { chat: CHAT, from: USER } },
  },
};

function secretMatches(given: unknown, expected: string): boolean {
  if (!expected || typeof given !== 'string') return false;
  // Compare digests so the comparison takes the same time whatever the lengths.
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * POST /telegram/webhook, as the design's route table says:
 * - wrong secret → 401 before the body is read; malformed body → 400; a body over 1 MiB → 413;
 * - each update runs in its chat's turn (updates of one chat, or one user without a chat, strictly one after
 *   another, across processes on PostgreSQL) under a lease on its update_id (domain/infrastructure/turn-store.ts);
 * - the same update_id again, also at the same moment → processed once: the copy waits for the original's turn
 *   and is answered 200 `{"duplicate":true}` only once the original's work has committed; a lease left by a
 *   process that died is taken over, so Telegram's redelivery is processed (a reply may go out twice, a
 *   registration never happens twice);
 * - database unavailable, or no pool connection within PG_POOL_TIMEOUT_MS (overload) → 503 and the lease given
 *   back, so Telegram's redelivery is processed; Telegram retries later instead of our queue growing to its 60 s
 *   timeout;
 * - any other error in a handler → logged with the update id, the user told something went wrong (bot.catch),
 *   the update marked done and 200: a poison update must not block the chat's later updates;
 * - a 200 may carry one Bot API call for Telegram to make (`{"method":"answerCallbackQuery",…}`, the answer to a
 *   button press; or the update's last message, or a deletion): one request to Telegram fewer (bot/pipeline.ts).
 */
export async function webhookRoutes(app: FastifyInstance, options: WebhookOptions) {
  const { secret, handleUpdate } = options;

  // Telegram sends JSON; anything else is a malformed body (400), not an unsupported media type.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!secretMatches(request.headers[SECRET_HEADER], secret)) {
      // Loud on purpose: after a WEBHOOK_SECRET change that Telegram was not told about, every update lands here.
      request.log.warn({ ip: request.ip }, 'webhook refused (401): wrong or missing secret token; is the webhook set with this WEBHOOK_SECRET?');
      return reply.code(401).send({ ok: false, error: 'unauthorized' });
    }
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    // A body over the limit is 413 (Telegram's updates are far smaller); any other client error is a malformed body.
    const status = error.statusCode === 413 ? 413 : error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? 400 : 500;
    if (status === 500) request.log.error({ err: error }, 'webhook failed');
    return reply.code(status).send({ ok: false, error: status < 500 ? error.message : 'internal error' });
  });

  // No access-log lines per update (logLevel warn): at Telegram's rates two info lines an update would be most of
  // the log and a good part of the CPU. What goes wrong is logged (warn, error) below and by the bot.
  app.post(WEBHOOK_PATH, { schema: { body: updateSchema }, bodyLimit: 1024 * 1024, logLevel: 'warn' }, async (request, reply) => {
    const update = request.body as Update;
    const updateId = update.update_id;
    if (!handleUpdate) return reply.code(200).send({ ok: true, ignored: 'bot is off' });

    try {
      const outcome = await handleUpdate(update);
      if (outcome.result === 'duplicate') return reply.code(200).send({ ok: true, duplicate: true });
      if (outcome.reply) return reply.code(200).send(outcome.reply);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error, updateId }, 'database unavailable or busy; asking Telegram to redeliver');
        return reply.code(503).send({ ok: false, error: 'database unavailable' });
      }
      request.log.error({ err: error, updateId }, 'update handling failed');
    }
    return reply.code(200).send({ ok: true });
  });
}
