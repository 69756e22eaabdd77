import QRCode from 'qrcode';
import { createCompetition, deleteCompetition, updateCompetition } from '../../domain/index.js';
import { Competition } from '../../entities/index.js';
import { defineResource } from './define.js';
import { access, isStaff, look, NAVIGATION, type ResourceDeps } from './shared.js';

/** Competitions: the deep link and its QR code for posters, links to the registrations, the CSV and Excel exports. */
export function competitionResource(deps: ResourceDeps) {
  const { ctx, components, botUsername, rootPath } = deps;
  const { db } = ctx;
  const { dateString, readOnly } = look(deps);
  const link = { type: 'string' as const, ...readOnly(), components: { show: components.DeepLink } };
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
            exportXlsxLink: `${rootPath}/export/competitions/${c.id}/registrations.xlsx`,
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
        'exportXlsxLink',
        'description',
        'location',
        'startsAt',
        'endsAt',
        'registrationOpen',
        'registrationClosesAt',
        'contact',
        'requiresApproval',
        'maxParticipants',
        'id',
        'createdAt',
      ],
      editProperties: ['title', 'description', 'location', 'startsAt', 'endsAt', 'registrationOpen', 'registrationClosesAt', 'contact', 'requiresApproval', 'maxParticipants'],
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
        exportXlsxLink: link,
      },
    },
    actions: {
      ...access('staff-crud'),
      delete: { isAccessible: isStaff, guard: 'confirmCompetitionDelete' },
      exportCsv: {
        actionType: 'record',
        icon: 'Download',
        component: components.ExportCsv,
        isAccessible: isStaff,
        // Only the page with the download link; the file itself is GET /admin/export/… (admin/csv-route.ts).
        handler: async (_request, _response, { record, currentAdmin }) => ({ record: record!.toJSON(currentAdmin) }),
      },
    },
  });
}
