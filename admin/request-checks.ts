import type { FastifyInstance } from 'fastify';
import { normalizedPath } from './cross-site.js';

const WHOLE = /^\d{1,12}$/;
const IDS = /^\d{1,12}(,\d{1,12})*$/;

/** Query parameters of the admin's API that must be whole numbers within bounds; anything else is a 400. */
function badParameter(query: Record<string, unknown>): string | null {
  const page = query.page;
  if (page !== undefined && (typeof page !== 'string' || !WHOLE.test(page) || Number(page) < 1 || Number(page) > 1_000_000)) return 'page';
  const perPage = query.perPage;
  if (perPage !== undefined && (typeof perPage !== 'string' || !WHOLE.test(perPage) || Number(perPage) < 1 || Number(perPage) > 500)) return 'perPage';
  const recordIds = query.recordIds;
  if (recordIds !== undefined && (typeof recordIds !== 'string' || !IDS.test(recordIds))) return 'recordIds';
  for (const [key, value] of Object.entries(query)) {
    // Filters on ids and references (filters.id, filters.competitionId …) take a number.
    if (/^filters\.(id|\w+Id)$/.test(key) && value !== '' && (typeof value !== 'string' || !WHOLE.test(value))) return key;
  }
  return null;
}

/**
 * The admin's API answers a bad request as one (400), an unknown resource or record as 404 — never a 500
 * with a stack in the log: list parameters are checked before AdminJS sees them.
 */
export function checkApiRequests(scope: FastifyInstance, rootPath: string, resourceIds: () => string[]): void {
  const api = `${rootPath}/api/resources/`;
  scope.addHook('preHandler', async (request, reply) => {
    const pathname = normalizedPath(request.url);
    if (!pathname.startsWith(api)) return;
    const [resourceId, kind, recordId] = pathname.slice(api.length).split('/');
    if (!resourceIds().includes(resourceId)) return reply.code(404).send({ error: 'No such resource' });
    if (kind === 'records' && recordId !== undefined && !WHOLE.test(recordId)) return reply.code(400).send({ error: 'Bad record id' });
    const bad = badParameter(request.query as Record<string, unknown>);
    if (bad) return reply.code(400).send({ error: `Bad parameter: ${bad}` });
  });
}
