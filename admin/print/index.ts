import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminActor } from '../../domain/actor.js';
import { ticketForStaff } from '../../domain/checkin.js';
import { DomainError } from '../../domain/errors.js';
import type { Database } from '../../domain/infrastructure/database.js';
import { competitionHeader, participantList, recordListPrinted, type CompetitionHeader } from '../../domain/read-models/printouts.js';
import { Registration } from '../../entities/index.js';
import type { Language } from '../../i18n/index.js';
import { ADMIN_CATALOGUES, adminLanguage } from '../locale.js';
import { isStaff } from '../resources/shared.js';
import { listPage, messagePage, noTicketPage, posterPage, PRINT_SCRIPT, PRINT_SCRIPT_TEXT, ticketPage } from './pages.js';

export interface PrintDeps {
  rootPath: string;
  db: Database;
  timeZone: string;
  ticketSecret: string;
  /** The bot's username for the poster's link (known once getMe answered), or null. */
  botUsername: () => string | null;
}

/** Where each printout is, for the links on the admin's pages. */
export const printPaths = (rootPath: string) => ({
  ticket: (registrationId: number) => `${rootPath}/print/registrations/${registrationId}/ticket`,
  list: (competitionId: number) => `${rootPath}/print/competitions/${competitionId}/list`,
  poster: (competitionId: number) => `${rootPath}/print/competitions/${competitionId}/poster`,
});

type Staff = { adminUserId: number; lang: Language };

/** Staff only (door staff are kept to the scanner before this: admin/checkin/index.ts); a bad id is a 404 page. */
async function staffAndId(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, back: string): Promise<(Staff & { id: number }) | null> {
  const current = request.session.get('adminUser');
  if (!current || !isStaff({ currentAdmin: current })) {
    await reply.code(403).send({ error: 'Forbidden' });
    return null;
  }
  const lang = adminLanguage({ currentAdmin: current });
  const id = Number(request.params.id);
  if (!/^\d{1,12}$/.test(request.params.id) || id <= 0) {
    await html(reply.code(404), messagePage(lang, back, ADMIN_CATALOGUES[lang].print.notFound));
    return null;
  }
  return { adminUserId: Number(current.id), lang, id };
}

const html = (reply: FastifyReply, body: string) => reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

/**
 * GET {rootPath}/print/…: the printable ticket of a registration, and a competition's door list and poster. Pages
 * that only read (the ticket's first view makes its nonce, as the bot's "🎫" does); nothing here takes a POST.
 */
export function printRoutes(scope: FastifyInstance, deps: PrintDeps): void {
  const { rootPath, db, timeZone } = deps;
  const registrationPage = (id: number) => `${rootPath}/resources/Registration/records/${id}/show`;
  const competitionPage = (id: number) => `${rootPath}/resources/Competition/records/${id}/show`;

  scope.get(`${rootPath}/print/${PRINT_SCRIPT}`, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PRINT_SCRIPT_TEXT),
  );
  scope.get<{ Params: { id: string } }>(`${rootPath}/print/registrations/:id/ticket`, async (request, reply) => {
    const back = registrationPage(Number(request.params.id) || 0);
    const staff = await staffAndId(request, reply, `${rootPath}/resources/Registration`);
    if (!staff) return reply;
    const registration = await db.manager.findOneBy(Registration, { id: staff.id });
    if (!registration) return html(reply.code(404), messagePage(staff.lang, back, ADMIN_CATALOGUES[staff.lang].print.notFound));
    if (registration.status !== 'approved') return html(reply.code(409), noTicketPage(staff.lang, back, registration.status));
    try {
      const ticket = await ticketForStaff(db, deps.ticketSecret, adminActor(staff.adminUserId), staff.id);
      const competition = await competitionHeader(db, ticket.competitionId);
      return html(reply, await ticketPage(staff.lang, back, ticket, competition!, timeZone));
    } catch (error) {
      // Changed meanwhile (cancelled a moment ago): say so, as for any registration without a ticket.
      if (error instanceof DomainError)
        return html(reply.code(409), noTicketPage(staff.lang, back, (await db.manager.findOneBy(Registration, { id: staff.id }))?.status ?? 'cancelled'));
      throw error;
    }
  });

  /** A competition's printout: staff only, the competition found (else a page that says so), then `render`. */
  const competitionPrintout = (page: string, render: (staff: Staff, competition: CompetitionHeader, back: string) => Promise<string>) =>
    scope.get<{ Params: { id: string } }>(`${rootPath}/print/competitions/:id/${page}`, async (request, reply) => {
      const staff = await staffAndId(request, reply, `${rootPath}/resources/Competition`);
      if (!staff) return reply;
      const back = competitionPage(staff.id);
      const competition = await competitionHeader(db, staff.id);
      if (!competition) return html(reply.code(404), messagePage(staff.lang, back, ADMIN_CATALOGUES[staff.lang].print.notFound));
      return html(reply, await render(staff, competition, back));
    });

  competitionPrintout('list', async (staff, competition, back) => {
    await recordListPrinted(db, adminActor(staff.adminUserId), competition.id);
    return listPage(staff.lang, back, competition, await participantList(db, competition.id), timeZone);
  });

  competitionPrintout('poster', (staff, competition, back) => {
    const username = deps.botUsername();
    return posterPage(staff.lang, back, competition, username ? `https://t.me/${username}?start=c_${competition.id}` : null, timeZone);
  });
}
