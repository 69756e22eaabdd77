import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import { createJuryPanel, createTimeSlot, DomainError } from '../../domain/index.js';
import { competitionProgramme } from '../../domain/read-models/programme.js';
import { parseInZone, TimeFormatError } from '../../domain/time.js';
import { adminLanguage, translateAdmin, translateDomainError } from '../locale.js';
import { actorOf, fromDayFirst } from './app-resource.js';
import { isStaff, type ResourceDeps } from './shared.js';

/** What the organizer typed into the competition page's small forms. */
type Payload = Record<string, unknown>;
const text = (payload: Payload, key: string) => String(payload[key] ?? '').trim();

/** "9", "9:30", "09.30" → "09:30"; null when it is not a time of day. */
function timeOfDay(value: string): string | null {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(value);
  if (!m || Number(m[1]) > 23 || Number(m[2] ?? 0) > 59) return null;
  return `${m[1].padStart(2, '0')}:${m[2] ?? '00'}`;
}

/**
 * The competition page's slots and panels, and the two small forms that add to them there (issue 23: a
 * competition with two slots and a panel was ~36 clicks through three lists). The GET answers the lists; a
 * POST (the form's own "Добавить", sent from the admin's pages only — admin/cross-site.ts) adds one slot or
 * one panel through the domain and answers the lists again, or the errors under the fields they are about.
 */
export function programmeAction({ ctx }: ResourceDeps): Partial<Action<ActionResponse>> {
  const { db, timeZone } = ctx;

  async function add(context: ActionContext, competitionId: number, payload: Payload): Promise<Record<string, string>> {
    const language = adminLanguage(context);
    const actor = actorOf(context);
    try {
      if (payload.kind === 'panel') {
        await createJuryPanel(db, actor, { competitionId, name: text(payload, 'name'), capacity: text(payload, 'capacity') ? Number(text(payload, 'capacity')) : null });
        return {};
      }
      const errors: Record<string, string> = {};
      const day = text(payload, 'day');
      const from = timeOfDay(text(payload, 'from'));
      const to = timeOfDay(text(payload, 'to'));
      if (!from) errors.from = translateAdmin(language, 'timeOfDayFormat');
      if (!to) errors.to = translateAdmin(language, 'timeOfDayFormat');
      let startsAt: Date | null = null;
      let endsAt: Date | null = null;
      try {
        startsAt = parseInZone(fromDayFirst(`${day} ${from ?? '00:00'}`), timeZone);
        endsAt = parseInZone(fromDayFirst(`${day} ${to ?? '00:00'}`), timeZone);
      } catch (error) {
        if (!(error instanceof TimeFormatError)) throw error;
        errors.day = translateAdmin(language, 'dayFormat');
      }
      const capacity = Number(text(payload, 'capacity'));
      if (!text(payload, 'capacity')) errors.capacity = translateAdmin(language, 'required');
      if (Object.keys(errors).length || !startsAt || !endsAt) return errors;
      await createTimeSlot(db, actor, { competitionId, startsAt, endsAt, capacity });
      return {};
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The domain names the field by its column; the slot form's fields are "from", "to", "capacity".
      const field = { endsAt: 'to', startsAt: 'from' }[error.field ?? ''] ?? error.field ?? 'form';
      return { [field]: translateDomainError(error, language) };
    }
  }

  return {
    actionType: 'record',
    icon: 'Clock',
    isVisible: false,
    isAccessible: isStaff,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      const competitionId = Number(context.record!.id());
      const errors = request.method === 'post' ? await add(context, competitionId, (request.payload ?? {}) as Payload) : {};
      return { record: context.record!.toJSON(context.currentAdmin), programme: await competitionProgramme(db, competitionId, timeZone), errors };
    },
  };
}
