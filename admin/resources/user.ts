import { userDisplayName } from '../../domain/read-models/admin-views.js';
import { personRegistrations, type PersonRegistration } from '../../domain/read-models/printouts.js';
import { formatForPeople } from '../../domain/time.js';
import { whereUserMatches } from '../../domain/read-models/search.js';
import { User } from '../../entities/index.js';
import { correctUserProfile, formatPhone } from '../../domain/profile.js';
import { defineResource } from './define.js';
import { access, look, NAVIGATION, never, type ResourceDeps } from './shared.js';

/** The bot's users: found by name, username or phone; an organizer corrects a name or a phone. */
export function userResource(deps: ResourceDeps) {
  const { ctx, components, rootPath } = deps;
  const { filterOnly, peopleList, titleCell } = look(deps);
  return defineResource(User, deps, {
    table: 'users',
    // A name and a phone are read as the bot reads them (the phone stored E.164), audited.
    writes: { update: ({ id, changes, actor }) => correctUserProfile(ctx.db, actor, id, changes) },
    search: (qb, text) => whereUserMatches(qb, ctx.db, 't', text),
    virtuals: async (rows) => {
      // A person's history at a glance, on their own page only (a list of users does not need it).
      const history = rows.length === 1 ? await personRegistrations(ctx.db, [rows[0].id]) : new Map<number, PersonRegistration[]>();
      const at = (date: Date | null) => formatForPeople(date, ctx.timeZone);
      return rows.map((u) => ({
        displayName: userDisplayName(u),
        // As the bot shows it ("+7 912 345 67 89"); the form reads it back however it is typed.
        phone: formatPhone(u.phone),
        registrationsLink: `${rootPath}/resources/Registration?filters.userId=${u.id}`,
        registrationsList: JSON.stringify(
          (history.get(u.id) ?? []).map((r) => ({
            ...r,
            startsAt: at(r.startsAt),
            createdAt: at(r.createdAt),
            statusChangedAt: at(r.statusChangedAt),
            link: `${rootPath}/resources/Registration/records/${r.id}/show`,
          })),
        ),
      }));
    },
    options: {
      navigation: NAVIGATION.people,
      titleProperty: 'displayName',
      listProperties: ['displayName', 'phone', 'isBlocked', 'languageCode', 'createdAt', 'telegramId'],
      showProperties: [
        'id',
        'displayName',
        // The person's history at a glance: right under the name (a phone shows the page as one column).
        'registrationsList',
        'telegramId',
        'username',
        'firstName',
        'lastName',
        'fullName',
        'phone',
        'languageCode',
        'preferredLanguage',
        'isBlocked',
        'remindersEnabled',
        'registrationsLink',
        'createdAt',
        'updatedAt',
      ],
      editProperties: ['fullName', 'phone'],
      filterProperties: ['search', 'isBlocked'],
      properties: {
        displayName: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false }, ...titleCell },
        registrationsLink: { type: 'string', isVisible: { list: false, filter: false, show: true, edit: false }, components: { show: components.DeepLink } },
        registrationsList: { type: 'string', isVisible: { list: false, filter: false, show: true, edit: false }, components: { show: components.PersonRegistrations } },
        search: { type: 'string', ...filterOnly },
        createdAt: { type: 'string' },
        updatedAt: { type: 'string' },
      },
    },
    actions: { ...access('staff-edit'), ...peopleList, new: { isAccessible: never, isVisible: false }, delete: { isAccessible: never, isVisible: false } },
  });
}
