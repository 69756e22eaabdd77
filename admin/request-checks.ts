import type AdminJS from 'adminjs';
import type { FastifyInstance } from 'fastify';
import { routedPath } from './cross-site.js';

const WHOLE = /^\d{1,12}$/;
const IDS = /^\d{1,12}(,\d{1,12})*$/;
const DIRECTIONS = ['asc', 'desc'];

/** What the API checks a request against: a resource's properties (sorting) and its actions by kind. */
type Decorated = ReturnType<AdminJS['resources'][number]['decorate']>;

/** Query parameters of the admin's API that must be whole numbers within bounds, or name what exists; anything else is a 400. */
function badParameter(query: Record<string, unknown>, resource: Decorated): string | null {
  const page = query.page;
  if (page !== undefined && (typeof page !== 'string' || !WHOLE.test(page) || Number(page) < 1 || Number(page) > 1_000_000)) return 'page';
  const perPage = query.perPage;
  if (perPage !== undefined && (typeof perPage !== 'string' || !WHOLE.test(perPage) || Number(perPage) < 1 || Number(perPage) > 500)) return 'perPage';
  const recordIds = query.recordIds;
  if (recordIds !== undefined && (typeof recordIds !== 'string' || !IDS.test(recordIds))) return 'recordIds';
  // Sorting (list, search) and the search's property: ascending or descending, by a property the resource has.
  const direction = query.direction;
  if (direction !== undefined && (typeof direction !== 'string' || !DIRECTIONS.includes(direction))) return 'direction';
  for (const key of ['sortBy', 'searchProperty']) {
    const value = query[key];
    if (value !== undefined && (typeof value !== 'string' || !resource.getPropertyByKey(value))) return key;
  }
  for (const [key, value] of Object.entries(query)) {
    // Filters on ids and references (filters.id, filters.competitionId …) take a number.
    if (/^filters\.(id|\w+Id)$/.test(key) && value !== '' && (typeof value !== 'string' || !WHOLE.test(value))) return key;
  }
  return null;
}

type Action = Decorated['actions'][string];
/** The kind of action each path asks for: actions/…, records/:id/…, bulk/…. */
const KIND_OF_SEGMENT: Record<string, { nameAt: number; is: (action: Action) => boolean }> = {
  actions: { nameAt: 0, is: (a) => a.isResourceType() },
  records: { nameAt: 1, is: (a) => a.isRecordType() },
  bulk: { nameAt: 0, is: (a) => a.isBulkType() },
};

/**
 * The admin's API answers a bad request as one (400), an unknown resource, record or action as 404, and a GET
 * of an action that only takes a POST (new) as 405 — never a 500 with a stack in the log: list parameters and
 * action names are checked before AdminJS sees them (AdminJS calls whatever `actions[name]` holds).
 */
export function checkApiRequests(scope: FastifyInstance, rootPath: string, admin: AdminJS): void {
  const api = `${rootPath}/api/resources/`;
  scope.addHook('preHandler', async (request, reply) => {
    const pathname = routedPath(request);
    if (!pathname.startsWith(api)) return;
    const [resourceId, segment, ...rest] = pathname.slice(api.length).split('/');
    const resource = admin.resources.find((r) => r.decorate().id() === resourceId)?.decorate();
    if (!resource) return reply.code(404).send({ error: 'No such resource' });
    if (segment === 'records' && rest[0] !== undefined && !WHOLE.test(rest[0])) return reply.code(400).send({ error: 'Bad record id' });
    const kind = KIND_OF_SEGMENT[segment];
    if (kind) {
      const name = rest[kind.nameAt];
      const action = name !== undefined && Object.hasOwn(resource.actions, name) ? resource.actions[name] : undefined;
      if (name !== undefined && !(action && kind.is(action))) return reply.code(404).send({ error: 'No such action' });
      if (name === 'new' && request.method !== 'POST') return reply.code(405).header('allow', 'POST').send({ error: 'Method Not Allowed' });
    }
    const bad = badParameter(request.query as Record<string, unknown>, resource);
    if (bad) return reply.code(400).send({ error: `Bad parameter: ${bad}` });
  });
}
