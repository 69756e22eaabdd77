import http from 'node:http';
import { Telegraf } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import { DomainError, isDatabaseUnavailable } from '../domain/errors.js';
import type { BotContext } from './context.js';
import type { BotDeps } from './deps.js';
import { chatMemberFeature } from './features/chat-member.js';
import { competitionsFeature } from './features/competitions.js';
import { fallbackFeature, fallbackMemory } from './features/fallback.js';
import { languageFeature } from './features/language.js';
import { myRegistrationsFeature } from './features/my-registrations.js';
import { navigationFeature } from './features/navigation.js';
import { offersFeature } from './features/offers.js';
import { remindersFeature } from './features/reminders.js';
import { privateOnlyFeature } from './features/private-only.js';
import { profileFeature } from './features/profile.js';
import { registrationFeature } from './features/registration.js';
import { questionsFeature } from './features/questions.js';
import { slotsFeature } from './features/slots.js';
import { startFeature } from './features/start.js';
import { sessionMiddleware } from './session.js';
import { staffFeature } from './features/staff.js';
import { teamFeature, teamLinkFeature } from './features/team.js';
import { ticketFeature } from './features/ticket.js';
import { translate, translator } from '../i18n/index.js';
import { answer, menuKeyboard } from './ui.js';
import { userMiddleware } from './middleware/user.js';

export type Bot = Telegraf<BotContext>;

/**
 * The bot: features mounted in order, the catch-all last. It has no HTTP server of its own: every update
 * reaches it through the pipeline (bot/pipeline.ts), fed by the webhook route or by polling.
 */
export function createBot(deps: BotDeps, botInfo?: UserFromGetMe): Bot {
  // Telegraf keeps connections alive only for https; a self-hosted Bot API server (or the tests' fake) on
  // plain http would otherwise cost a new TCP connection per call.
  const agent = deps.config.telegramApiRoot.startsWith('http://') ? new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000 }) : undefined;
  const bot = new Telegraf<BotContext>(deps.config.botToken, {
    telegram: { apiRoot: deps.config.telegramApiRoot, webhookReply: false, ...(agent ? { agent } : {}) },
    handlerTimeout: 55_000, // Telegram waits ~60 s for the webhook's answer
  });
  if (botInfo) bot.botInfo = botInfo;

  bot.use(userMiddleware(deps));
  bot.use(sessionMiddleware<BotContext>());
  bot.use(fallbackMemory());
  // Commands and navigation first, so /cancel, /start and /help work in the middle of any form.
  bot.use(chatMemberFeature(deps));
  bot.use(privateOnlyFeature());
  bot.use(navigationFeature());
  bot.use(staffFeature(deps)); // before /start: its staff_<token> links
  bot.use(teamLinkFeature(deps)); // before /start too: a team's invite j_<code>
  bot.use(startFeature(deps));
  bot.use(languageFeature(deps));
  bot.use(competitionsFeature(deps));
  bot.use(profileFeature(deps)); // before the registration form: its name step's button while editing the profile
  bot.use(registrationFeature(deps));
  bot.use(questionsFeature(deps));
  bot.use(teamFeature(deps));
  bot.use(slotsFeature(deps));
  bot.use(myRegistrationsFeature(deps));
  bot.use(remindersFeature(deps));
  bot.use(offersFeature(deps));
  bot.use(ticketFeature(deps));
  bot.use(fallbackFeature(deps));

  bot.catch(async (error, ctx) => {
    // The route answers 503 for these, so Telegram redelivers the update once the database is back.
    if (isDatabaseUnavailable(error)) throw error;
    const lang = ctx.lang ?? 'ru';
    const key = error instanceof DomainError ? error.key : 'error.generic';
    if (!(error instanceof DomainError)) deps.logger.error({ err: error, updateId: ctx.update.update_id }, 'bot handler failed');
    try {
      await answer(ctx);
      // Never a dead end: the menu goes with the error (its labels in the user's language).
      if (ctx.chat) await ctx.reply(translate(lang, key, error instanceof DomainError ? error.params : {}), menuKeyboard({ t: translator(lang) }));
    } catch (replyError) {
      deps.logger.warn({ err: replyError, updateId: ctx.update.update_id }, 'could not tell the user about the error');
    }
  });
  return bot;
}

/**
 * Learns the bot's own identity (needed to match commands like /start@name) without blocking the boot:
 * tries getMe, and keeps retrying in the background while the Bot API is unreachable.
 */
export function fetchBotInfoInBackground(bot: Bot, logger: BotDeps['logger'], signal: AbortSignal): Promise<void> {
  return (async () => {
    for (let delay = 1_000; !signal.aborted; delay = Math.min(delay * 2, 60_000)) {
      try {
        bot.botInfo = await bot.telegram.getMe();
        logger.info({ username: bot.botInfo.username }, 'bot identity loaded');
        return;
      } catch (error) {
        logger.warn({ err: error, retryInMs: delay }, 'getMe failed; the bot keeps working and retries');
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  })();
}
