import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { parse } from 'yaml';
import { eventually } from '../devkit/eventually.js';
import { SERVER_NODE_FLAGS } from '../server/node-flags.js';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/**
 * The image itself, where a Docker engine answers: built from the Dockerfile, started with no configuration, and
 * serving /healthz. Where none does (this kind of machine), skipped — with the reason printed and in its name.
 */
const engine = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 });
const noEngine = engine.status === 0 ? null : (engine.error?.message ?? engine.stderr?.trim().split('\n')[0] ?? `exit ${engine.status}`);
if (noEngine) console.log(`test/deploy.test.ts: the image is not built: no Docker engine (docker info: ${noEngine})`);

describe.skipIf(noEngine !== null)(noEngine ? `the Docker image [skipped: no Docker engine — docker info: ${noEngine}]` : 'the Docker image', () => {
  const tag = `cbot-test-${process.pid}`;
  const run = (args: string[], timeout = 900_000) => spawnSync('docker', args, { cwd: root, encoding: 'utf8', timeout });

  it('builds, starts with no configuration and answers /healthz', async () => {
    const build = run(['build', '-t', tag, '.']);
    expect(build.status, build.stderr).toBe(0);
    const started = run(['run', '-d', '--rm', '-p', '127.0.0.1::8000', tag], 60_000);
    expect(started.status, started.stderr).toBe(0);
    const container = started.stdout.trim();
    try {
      const port = run(['port', container, '8000/tcp'], 30_000).stdout.trim().split(':').at(-1);
      await eventually(
        async () =>
          (await fetch(`http://127.0.0.1:${port}/healthz`).then(
            (r) => r.status,
            () => 0,
          )) === 200,
        {
          what: () => `the container to answer /healthz; its log:\n${run(['logs', container], 30_000).stdout}`,
          timeoutMs: 60_000,
          everyMs: 250,
        },
      );
    } finally {
      run(['rm', '-f', container], 60_000);
      run(['rmi', '-f', tag], 60_000);
    }
  }, 1_000_000);
});

// The deploy files, read against the design.
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

describe('docker-compose.scale.yml (several processes behind one webhook)', () => {
  // Compose's `!reset` tag clears a list inherited from docker-compose.yml.
  const reset = { tag: '!reset', collection: 'seq' as const, resolve: () => ({ reset: true }) };
  const scale = parse(read('docker-compose.scale.yml'), { customTags: [reset] });

  it('scales `bot` without a fixed host port and puts a balancing proxy on port 8000', () => {
    expect(scale.services.bot.ports).toEqual({ reset: true });
    expect(scale.services.bot.expose).toContain('8000');
    expect(scale.services.proxy.ports).toEqual(['8000:8000']);
    expect(scale.services.proxy.depends_on).toContain('bot');
    const conf: string = scale.configs[scale.services.proxy.configs[0].source].content;
    expect(conf).toMatch(/server bot:8000 resolve/);
    expect(conf).toMatch(/proxy_pass http:\/\/bot;/);
    // Compose interpolates `$`: nginx's variables are written `$$`.
    expect(conf).not.toMatch(/[^$]\$(host|proxy_add_x_forwarded_for|http_x_forwarded_proto)/);
  });

  it('trusts two proxy hops (the TLS proxy, then this one) and keeps everything else of the base file', () => {
    expect(scale.services.bot.environment.TRUST_PROXY).toBe('2');
    expect(scale.services.bot.build).toBeUndefined();
    expect(scale.services.postgres).toBeUndefined();
    expect(read('docker-compose.scale.yml')).toContain('--scale bot=3');
  });
});

// The Dockerfile as instructions per stage: comments dropped, continuation lines joined.
function dockerStages(text: string) {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: { from: string; instructions: string[] }[] = [];
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') stages.push({ from: rest.join(' '), instructions: [] });
    else stages.at(-1)?.instructions.push(line);
  }
  return stages;
}

// A COPY's flags, sources and destination (`COPY [--flag=…] src… dest`).
function copies(instructions: string[]) {
  return instructions
    .filter((i) => /^COPY\s/i.test(i))
    .map((i) => {
      const words = i.split(/\s+/).slice(1);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      return { from: flags.find((f) => f.startsWith('--from='))?.slice('--from='.length), sources: paths.slice(0, -1), dest: paths.at(-1)! };
    });
}

const jsonc = (file: string) => ts.parseConfigFileTextToJson(file, read(file)).config;
const notShipped = /(^|\/)(test|bench|devkit)(\/|$)|tsconfig\.bench|vitest/;

describe('npm start', () => {
  it("execs the server, so that a SIGTERM to `npm start` reaches it (Debian's sh would die and orphan it)", () => {
    expect(JSON.parse(read('package.json')).scripts.start).toBe(`exec node ${SERVER_NODE_FLAGS.join(' ')} dist/server/main.js`);
  });

  it('starts the server with the same Node flags as the image does (server/heap-settings.ts)', () => {
    expect(read('Dockerfile')).toContain(`CMD ["node", ${SERVER_NODE_FLAGS.map((f) => `"${f}"`).join(', ')}, "dist/server/main.js"]`);
  });
});

describe('compiled files named by scripts', () => {
  // A moved source file breaks these only at run time (the migrate script's rollback did): check by name.
  it('every dist/….js that package.json, scripts/ or the Dockerfile names has its source', () => {
    const texts = [
      read('package.json'),
      read('Dockerfile'),
      ...fs
        .readdirSync(path.join(root, 'scripts'))
        .filter((f) => /\.(sh|mjs)$/.test(f))
        .map((f) => read(`scripts/${f}`)),
    ];
    const named = new Set(texts.flatMap((text) => [...text.matchAll(/dist\/([\w/-]+)\.js/g)].map((m) => m[1])));
    expect(named.size).toBeGreaterThan(3);
    for (const file of named) expect(fs.existsSync(path.join(root, `${file}.ts`)), `${file}.ts`).toBe(true);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerStages(dockerfile);
  const build = stages[0];
  const runtime = stages[stages.length - 1];
  const productFolders: string[] = jsonc('tsconfig.build.json').include;

  it('is multi-stage on Node 24 LTS and ships production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^node:24-bookworm-slim\b/);
    expect(build.instructions.join('\n')).toMatch(/npm ci\b.*--strict-allow-scripts/);
    expect(build.instructions.join('\n')).toMatch(/npm prune --omit=dev/);
  });

  it('builds the product only: `npm run build` with tsconfig.build.json, which leaves out tests, benchmarks and the dev kit', () => {
    const runs = build.instructions.filter((i) => /^RUN\s/.test(i)).join('\n');
    expect(runs).toMatch(/npm run build\b/);
    expect(runs).not.toMatch(/--bench|tsconfig\.bench|npm run bench/);
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.scripts.build).toBe('node scripts/build.mjs');
    expect(read('scripts/build.mjs')).toMatch(/withBench \? 'tsconfig\.bench\.json' : 'tsconfig\.build\.json'/);
    for (const folder of productFolders) expect(folder).not.toMatch(notShipped);
    expect(productFolders).toEqual(expect.arrayContaining(['server', 'bot', 'admin', 'domain', 'db', 'i18n', 'ops', 'entities', 'migrations']));
  });

  it('copies only the product sources into the build stage, and .dockerignore keeps tests, benchmarks and the dev kit out of the context', () => {
    const sources = copies(build.instructions)
      .filter((c) => !c.from)
      .flatMap((c) => c.sources);
    expect(sources).not.toContain('.');
    for (const source of sources) expect(source).not.toMatch(notShipped);
    expect(sources).toEqual(expect.arrayContaining([...productFolders, 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']));
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'data', 'dist', 'test', 'bench', 'devkit']));
  });

  it('ships the compiled product folders, the admin bundle, production node_modules and the runtime scripts — nothing else', () => {
    const shipped = copies(runtime.instructions);
    for (const copy of shipped) expect(copy.from).toBe('build');
    const sources = shipped.flatMap((c) => c.sources);
    const allowed = new Set(['/app/package.json', '/app/node_modules', '/app/dist/.build-stamp', '/app/dist/admin-assets', ...productFolders.map((f) => `/app/dist/${f}`)]);
    const scripts = sources.filter((s) => s.startsWith('/app/scripts/'));
    for (const source of sources.filter((s) => !scripts.includes(s))) expect(allowed, source).toContain(source);
    expect(sources).toEqual(expect.arrayContaining([...allowed]));
    for (const source of sources) expect(source).not.toMatch(notShipped);
    // Each script the runtime's npm scripts call is shipped, and no build or test script is.
    const pkg = JSON.parse(read('package.json'));
    const called = ['prestart', 'start', 'db', 'webhook', 'admin'].flatMap((name) => pkg.scripts[name].match(/scripts\/[\w./-]+/g) ?? []);
    expect(scripts.map((s) => s.slice('/app/'.length))).toEqual(expect.arrayContaining(called));
    for (const script of scripts) {
      expect(fs.existsSync(path.join(root, script.slice('/app/'.length))), script).toBe(true);
      expect(script).not.toMatch(/build\.mjs$|test\.mjs$|check-imports|build-steps/);
    }
  });

  it('runs as a non-root user in production with a /healthz healthcheck', () => {
    const text = runtime.instructions.join('\n');
    expect(text).toMatch(/NODE_ENV=production/);
    expect(text).toMatch(/^USER node$/m);
    expect(text).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    expect(text).toMatch(/EXPOSE 8000/);
    expect(text).toMatch(/^CMD \["node", ("--[^"]+", )*"dist\/server\/main\.js"\]$/m);
  });
});
