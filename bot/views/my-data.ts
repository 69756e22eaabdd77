import type { MyData } from '../../domain/my-data.js';
import { formatPhone } from '../../domain/profile.js';
import { formatForPeople } from '../../domain/time.js';
import type { BotContext } from '../context.js';
import { button, inline } from '../ui.js';

/** A long history would pass Telegram's 4096 characters: the screen shows the latest, the file has everything. */
const MAX_LINES = 15;

function lastLines(lines: string[]): string {
  const shown = lines.length > MAX_LINES ? ['…', ...lines.slice(-MAX_LINES)] : lines;
  return shown.length ? `\n${shown.join('\n')}` : '';
}

/** "📄 My data": everything kept about the person, with the file and the withdrawal one step away. */
export function myDataScreen(ctx: BotContext, data: MyData, timeZone: string) {
  const date = (d: Date) => formatForPeople(d, timeZone);
  const { profile } = data;
  const none = ctx.t('my_data.none');
  const text = ctx.t('my_data.view', {
    name: profile.fullName ?? ctx.t('profile.not_set'),
    phone: profile.phone ? formatPhone(profile.phone) : ctx.t('profile.not_set'),
    telegramId: profile.telegramId ?? none,
    username: profile.username ? `@${profile.username}` : none,
    telegramName: [profile.firstName, profile.lastName].filter(Boolean).join(' ') || none,
    language: ctx.t('language.name'),
    reminders: ctx.t(profile.remindersEnabled ? 'profile.reminders_on' : 'profile.reminders_off'),
    since: date(profile.createdAt),
    count: data.registrations.length,
    registrations: lastLines(
      data.registrations.map((r) =>
        ctx.t('my_data.registration', { competition: r.competition, role: ctx.t(`role.${r.role}`), status: ctx.t(`status.${r.status}`), date: date(r.registeredAt) }),
      ),
    ),
    answers: data.answers.length ? ctx.t('my_data.answers', { n: data.answers.length, lines: lastLines(data.answers.map((a) => ctx.t('my_data.answer', a))) }) : '',
    consents: data.consents.length,
    consentLines: lastLines(
      data.consents.map((c) =>
        ctx.t('my_data.consent', {
          competition: c.competition ?? ctx.t('my_data.competition_gone'),
          version: c.version,
          date: date(c.givenAt),
          via: c.via === 'admin' ? ctx.t('my_data.via_admin') : '',
          withdrawn: c.withdrawnAt ? ctx.t('my_data.withdrawn', { date: date(c.withdrawnAt) }) : '',
        }),
      ),
    ),
    // The purge's dates (per competition) go here once it is merged; until then, the rule.
    deletion: data.plannedDeletions.length
      ? lastLines(data.plannedDeletions.map((d) => ctx.t('my_data.deletion_line', { competition: d.competition, date: date(d.at) })))
      : ctx.t('my_data.deletion_default'),
  });
  return {
    text,
    extra: inline([[button(ctx.t('my_data.file'), 'myDataFile')], [button(ctx.t('my_data.withdraw'), 'deleteAsk')], [button(ctx.t('menu.profile'), 'profile')]]),
  };
}

/** The same as a file: JSON, every field as stored (dates in UTC, ISO 8601). */
export function myDataFile(data: MyData): { source: Buffer; filename: string } {
  return { source: Buffer.from(JSON.stringify(data, null, 2) + '\n', 'utf8'), filename: 'my-data.json' };
}
