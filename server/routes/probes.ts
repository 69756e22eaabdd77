import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { pendingMigrations, poolCanServe } from '../../db/data-source.js';

/** Liveness and readiness for ops: /healthz while the process is up, /readyz when the database is usable and the pool can serve. */
export async function probeRoutes(app: FastifyInstance, { dataSource }: { dataSource: DataSource }) {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
    // Checked first: a probe queued behind a full pool would itself wait PG_POOL_TIMEOUT_MS.
    if (!poolCanServe(dataSource)) return reply.code(503).send({ status: 'database pool exhausted' });
    try {
      await dataSource.query('SELECT 1');
      const pending = await pendingMigrations(dataSource);
      if (pending.length > 0) return reply.code(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'database unavailable' });
    }
  });
}
