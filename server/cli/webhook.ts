import 'reflect-metadata';
import { Telegram } from 'telegraf';
import { ConfigError, loadConfig, withDotEnv } from '../config.js';
import { makeScrubber } from '../logger.js';
import { describeWebhookInfo } from '../webhook-info.js';
import { setWebhook } from '../webhook-setup.js';
import { runMain } from '../run-main.js';

const USAGE = `Usage: npm run webhook -- <command>

  set     point Telegram at PUBLIC_URL/telegram/webhook with WEBHOOK_SECRET, the update kinds the bot
          handles and max_connections
  info    show what Telegram has (URL, pending updates, the last delivery error)
  delete  remove the webhook (add --drop-pending-updates to discard queued updates)

Reads BOT_TOKEN, PUBLIC_URL, WEBHOOK_SECRET and TELEGRAM_API_ROOT from the environment or .env.`;

async function main(argv: string[]): Promise<number> {
  const command = argv.find((a) => !a.startsWith('-'));
  if (!command || argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  if (!config.botToken) throw new ConfigError('BOT_TOKEN is not set: the webhook commands talk to Telegram as the bot');
  const telegram = new Telegram(config.botToken, { apiRoot: config.telegramApiRoot });
  switch (command) {
    case 'set': {
      const url = await setWebhook(telegram, config);
      console.log(`webhook set: ${url}\n`);
      console.log(describeWebhookInfo(await telegram.getWebhookInfo(), config));
      return 0;
    }
    case 'info':
      console.log(describeWebhookInfo(await telegram.getWebhookInfo(), config));
      return 0;
    case 'delete': {
      const dropPending = argv.includes('--drop-pending-updates');
      await telegram.deleteWebhook({ drop_pending_updates: dropPending });
      console.log(`webhook deleted${dropPending ? ' (pending updates dropped)' : ''}: Telegram sends no updates until \`npm run webhook -- set\``);
      return 0;
    }
    default:
      console.error(`error: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

runMain(
  () => main(process.argv.slice(2)),
  (error) => {
    const env = withDotEnv(process.env);
    const scrub = makeScrubber([env.BOT_TOKEN ?? '', env.WEBHOOK_SECRET ?? '']);
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${error instanceof ConfigError ? 'Configuration error' : 'error'}: ${scrub(message)}`);
    return error instanceof ConfigError ? 2 : 1;
  },
);
