import type { WebhookInfo } from 'telegraf/types';
import type { Config } from './config.js';
import { webhookUrl } from './webhook-setup.js';

const when = (unix?: number) => (unix ? new Date(unix * 1000).toISOString().replace('.000Z', 'Z') : '');

/** getWebhookInfo, readably, with a hint for the usual problems. */
export function describeWebhookInfo(info: WebhookInfo, config: Pick<Config, 'publicUrl'>): string {
  const lines = [
    `url:                  ${info.url || '(none)'}`,
    `pending updates:      ${info.pending_update_count}`,
    `max connections:      ${info.max_connections ?? '(default)'}`,
    `allowed updates:      ${info.allowed_updates?.join(', ') ?? '(Telegram default)'}`,
  ];
  if (info.ip_address) lines.push(`ip address:           ${info.ip_address}`);
  if (info.last_error_date) lines.push(`last error:           ${when(info.last_error_date)} ${info.last_error_message ?? ''}`);
  if (info.last_synchronization_error_date) lines.push(`last sync error:      ${when(info.last_synchronization_error_date)}`);
  const expected = config.publicUrl ? webhookUrl(config) : null;
  if (!info.url) {
    lines.push('', 'No webhook is set: Telegram is not sending updates. Run `npm run webhook -- set`.');
  } else if (expected && info.url !== expected) {
    lines.push('', `The webhook points at ${info.url}, not at ${expected} (PUBLIC_URL). Run \`npm run webhook -- set\`.`);
  }
  if (info.last_error_message && /401|unauthorized/i.test(info.last_error_message)) {
    lines.push('', 'Telegram got 401: the secret it sends differs from WEBHOOK_SECRET. Run `npm run webhook -- set` with the current secret.');
  } else if (info.last_error_message) {
    lines.push('', 'Telegram could not deliver: check that PUBLIC_URL reaches the bot over HTTPS (see docs/operations.md, "Webhook not receiving updates").');
  }
  return lines.join('\n');
}
