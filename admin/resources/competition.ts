import type { ActionContext, ActionRequest, RecordActionResponse } from 'adminjs';
import QRCode from 'qrcode';
import { createCompetition, deleteCompetition, purgeCompetition, purgeCount, purgeDate, updateCompetition } from '../../domain/index.js';
import { formatForPeople } from '../../domain/time.js';
import { lastRegistrationEventId, promotedSince } from '../../domain/read-models/admin-views.js';
import { Competition, PLACES_COUNTS, TEAM_MODES } from '../../entities/index.js';
import { programmeAction } from './competition-programme.js';
import { optionCountsAction, questionsAction } from './competition-questions.js';
import { confirmedAction, question } from './confirmed-action.js';
import { confirmedDelete } from './confirmed-delete.js';
import { actorOf } from './app-resource.js';
import { defineResource } from './define.js';
import { printPaths } from '../print/index.js';
import { access, isStaff, look, NAVIGATION, values, type ResourceDeps } from './shared.js';
import { walkInAction } from './walk-in.js';

/** Competitions: the deep link and its QR code for posters, links to the registrations, the CSV and Excel exports. */
export function competitionResource(deps: ResourceDeps) {
  const { ctx, components, botUsername, rootPath } = deps;
  const { db } = ctx;
  const { dateString, readOnly } = look(deps);
  const link = { type: 'string' as const, ...readOnly(), components: { show: components.DeepLink } };
  const printed = printPaths(rootPath);
  return defineResource(Competition, deps, {
    table: 'competitions',
    writes: {
      create: ({ changes, actor }) => createCompetition(db, actor, changes),
      update: ({ id, changes, actor }) => updateCompetition(db, actor, id, changes),
      delete: ({ id, actor }) => deleteCompetition(db, actor, id),
    },
    virtuals: async (rows) => {
      const username = botUsername();
      return Promise.all(
        rows.map(async (c) => {
          const deepLink = username ? `https://t.me/${username}?start=c_${c.id}` : '';
          return {
            deepLink,
            // Printable on a poster; a PNG data URL (the CSP allows data: images), only for one record's page.
            deepLinkQr: deepLink && rows.length === 1 ? await QRCode.toDataURL(deepLink, { margin: 2, width: 400 }) : '',
            registrationsLink: `${rootPath}/resources/Registration?filters.competitionId=${c.id}`,
            waitlistLink: `${rootPath}/resources/Registration?filters.competitionId=${c.id}&filters.status=waitlisted&filters.role=participant&sortBy=createdAt&direction=asc`,
            exportLink: `${rootPath}/export/competitions/${c.id}/registrations.csv`,
            // Printouts (admin/print/): the door's list, and the poster the "print the QR code" button opens.
            listLink: printed.list(c.id),
            posterLink: printed.poster(c.id),
            exportXlsxLink: `${rootPath}/export/competitions/${c.id}/registrations.xlsx`,
            teamsLink: c.teamMode === 'off' ? '' : `${rootPath}/resources/Team?filters.competitionId=${c.id}`,
            // When its personal data goes (domain/retention.ts); empty: undated, or already gone (purged at).
            purgesAt: c.personalDataPurgedAt ? '' : formatForPeople(purgeDate(c, db.settings), ctx.timeZone),
          };
        }),
      );
    },
    options: {
      navigation: NAVIGATION.event,
      titleProperty: 'title',
      sort: { sortBy: 'startsAt', direction: 'desc' },
      listProperties: ['title', 'startsAt', 'registrationOpen', 'maxParticipants', 'requiresApproval'],
      showProperties: [
        'title',
        'deepLink',
        'registrationsLink',
        'waitlistLink',
        'exportLink',
        'listLink',
        'exportXlsxLink',
        'description',
        'location',
        'startsAt',
        'endsAt',
        'programme',
        'questions',
        'registrationOpen',
        'registrationClosesAt',
        'contact',
        'requiresApproval',
        'maxParticipants',
        'teamMode',
        'teamMin',
        'teamMax',
        'placesCount',
        'teamsLink',
        'retentionDays',
        'purgesAt',
        'personalDataPurgedAt',
        'id',
        'createdAt',
      ],
      editProperties: [
        'title',
        'description',
        'location',
        'startsAt',
        'endsAt',
        'registrationOpen',
        'registrationClosesAt',
        'contact',
        'requiresApproval',
        'maxParticipants',
        'teamMode',
        'teamMin',
        'teamMax',
        'placesCount',
        'retentionDays',
      ],
      filterProperties: ['title', 'registrationOpen', 'startsAt'],
      properties: {
        title: { isRequired: true, isTitle: true },
        description: { type: 'textarea' },
        startsAt: dateString,
        // Empty: the start (the deadline) and the end of the start's day (the end) — domain/calendar.ts.
        registrationClosesAt: dateString,
        endsAt: dateString,
        createdAt: { type: 'string' },
        registrationOpen: { components: { edit: components.DefaultOn } },
        deepLink: { ...link, components: { show: components.ShareLink } },
        deepLinkQr: { type: 'string', isVisible: false },
        registrationsLink: link,
        waitlistLink: link,
        exportLink: link,
        programme: { type: 'string', ...readOnly(), components: { show: components.CompetitionProgramme } },
        questions: { type: 'string', ...readOnly(), components: { show: components.CompetitionQuestions } },
        listLink: link,
        posterLink: { type: 'string', isVisible: false },
        exportXlsxLink: link,
        // Teams (issue 26): the mode, the sizes (1 ≤ min ≤ max ≤ 50, domain/competitions.ts), what the places count.
        teamMode: { availableValues: values(TEAM_MODES), isRequired: true },
        placesCount: { availableValues: values(PLACES_COUNTS), isRequired: true },
        teamsLink: link,
        // Empty: RETENTION_DAYS.
        retentionDays: { type: 'number', description: String(db.settings.retentionDays) },
        purgesAt: { type: 'string', ...readOnly() },
        personalDataPurgedAt: { type: 'string', ...readOnly() },
      },
    },
    actions: {
      ...access('staff-crud'),
      delete: confirmedDelete(deps, 'competitions', 'confirmCompetitionDelete', (actor, id) => deleteCompetition(db, actor, id)),
      // More places (or a later deadline) offer them to the first in line: the notice says to whom.
      edit: {
        isAccessible: isStaff,
        before: async (request, context) => {
          if (request.method === 'post') context.offerMark = await lastRegistrationEventId(db);
          return request;
        },
        after: async (response: RecordActionResponse, request: ActionRequest, context: ActionContext) => {
          if (request.method !== 'post' || typeof context.offerMark !== 'number' || Object.keys(response.record?.errors ?? {}).length) return response;
          const offered = await promotedSince(db, context.offerMark, [Number(context.record?.id())]);
          if (offered.length === 0) return response;
          return { ...response, notice: { message: 'savedAndOffered', type: 'success', options: { promoted: offered.join(', '), promotedCount: offered.length } } };
        },
      },
      programme: programmeAction(deps),
      questions: questionsAction(deps),
      optionCounts: optionCountsAction(deps),
      exportCsv: {
        actionType: 'record',
        icon: 'Download',
        component: components.ExportCsv,
        isAccessible: isStaff,
        // Only the page with the download link; the file itself is GET /admin/export/… (admin/csv-route.ts).
        handler: async (_request, _response, { record, currentAdmin }) => ({ record: record!.toJSON(currentAdmin) }),
      },
      // Before its date, after a confirmation naming how many people it concerns (domain/retention.ts).
      purgeNow: confirmedAction('record', {
        icon: 'Shield',
        component: components.ConfirmAction,
        isAccessible: (context) => isStaff(context) && !context.record?.params.personalDataPurgedAt,
        preview: async ({ record }) => {
          const count = await purgeCount(db, Number(record!.id()));
          return question('confirmPurgeNow', { names: [String(record!.params.title)], count, danger: true, values: { count } });
        },
        act: async (context) => {
          const actor = actorOf(context);
          const result = await purgeCompetition(db, Number(context.record!.id()), { adminUserId: actor.kind === 'admin' ? actor.adminUserId : null });
          return { message: 'purgedNow', type: 'success', options: { count: result?.people ?? 0 } };
        },
      }),
      // A walk-in at the door or a phone call: the person is added by hand (domain/walk-ins.ts).
      addParticipant: walkInAction(db, components.WalkInForm),
    },
  });
}
