import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

// No Docker engine runs here: the deploy files are checked by reading them against the design.
describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'));

  it('runs PostgreSQL 16 with credentials from .env, a named volume and a pg_isready healthcheck', () => {
    const pg = compose.services.postgres;
    expect(pg.image).toBe('postgres:16-alpine');
    for (const variable of ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB']) expect(pg.environment[variable]).toMatch(new RegExp(`\\$\\{${variable}`));
    expect(pg.volumes).toContain('postgres_data:/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty('postgres_data');
    expect(pg.healthcheck.test.join(' ')).toContain('pg_isready');
  });

  it('builds the bot from the Dockerfile, env from .env, port 8000, after PostgreSQL is healthy', () => {
    const bot = compose.services.bot;
    expect(bot.build).toBe('.');
    expect(bot.env_file).toBe('.env');
    expect(bot.ports).toContain('8000:8000');
    expect(bot.depends_on.postgres.condition).toBe('service_healthy');
    expect(bot.restart).toBe('unless-stopped');
    expect(bot.volumes).toEqual(expect.arrayContaining(['./data:/app/data', './backups:/app/backups']));
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('is multi-stage on Node 20 and ships production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:20/);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('runs as a non-root user in production with a /healthz healthcheck', () => {
    const runtime = stages[stages.length - 1];
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    expect(runtime).toMatch(/EXPOSE 8000/);
  });

  it('copies what the runtime needs and leaves secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'data']));
  });
});
