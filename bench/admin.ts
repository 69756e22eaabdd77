import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import pg from 'pg';
import { createTestDatabase } from '../devkit/database.js';
import { MAIN_JS, startServiceProcess } from '../devkit/processes.js';
import { hashPassword } from '../domain/admin-accounts.js';
import type { BenchSuite } from './suites.js';
import { percentile, printTable } from './table.js';

/**
 * The admin at scale, on PostgreSQL, against the real server (node dist/server/main.js, NODE_ENV=production):
 * boot time with the admin mounted, RSS after a login, then with 200,000 users and 400,000 registrations
 * the registrations list filtered by competition and status, the search by name and by phone, the dashboard,
 * and the CSV and Excel exports of a 10,000- and a 100,000-registration competition (streamed: the server's RSS is
 * sampled while each runs, and given against the RSS before the first export).
 * First, on the empty database, the server's RSS under a multipart flood: anonymous uploads to the login page and
 * door staff's to an action they may not use (BENCH_ADMIN_ATTACK_ONLY=1 stops after that table).
 */
const USERS = Number(process.env.BENCH_ADMIN_USERS ?? 200_000);
const EMAIL = 'bench-admin@example.org';
const PASSWORD = 'bench-admin-password';
const RUNS = 7;

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

interface Server {
  child: ChildProcess;
  /** Live heap (MB) after each full GC, from --trace-gc: what memory the process really holds. */
  liveHeap: number[];
  baseUrl: string;
  bootMs: number;
  stop(): Promise<void>;
}

async function startAdminServer(databaseUrl: string): Promise<Server> {
  const started = performance.now();
  const server = await startServiceProcess(
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      BOT_TOKEN: '123456:BENCH-token',
      WEBHOOK_SECRET: 'bench-secret',
      SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
      PRIVACY_OPERATOR: 'Bench operator, Moscow',
      PRIVACY_CONTACT: 'bench@example.org',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9', // nothing listens: getMe fails quietly in the background
      ADMIN_EMAIL: EMAIL,
      ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
    },
    { nodeArgs: ['--trace-gc'], inheritEnv: true, stderr: 'inherit' },
  );
  const liveHeap: number[] = [];
  server.child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    for (const m of text.matchAll(/Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/g)) liveHeap.push(Number(m[1]));
  });
  // Asked often: the boot time is measured to the first answer.
  await server.ready(120_000, 10);
  const bootMs = performance.now() - started;
  return {
    child: server.child,
    liveHeap,
    baseUrl: server.baseUrl,
    bootMs,
    stop: async () => {
      await server.stop();
    },
  };
}

/** What a browser says of a request the admin's own page made; the admin refuses a change without it (CSRF). */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
    body: new URLSearchParams({ email: EMAIL, password: PASSWORD }),
    redirect: 'manual',
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('admin_session='));
  if (response.status !== 302 || !cookie) throw new Error(`login failed: ${response.status}`);
  const value = cookie.split(';')[0];
  // The pages an organizer opens first: the app shell, then the dashboard data.
  for (const url of ['/admin', '/admin/api/dashboard']) await (await fetch(`${baseUrl}${url}`, { headers: { cookie: value, ...SAME_ORIGIN } })).text();
  return value;
}

const MiB = 1024 * 1024;
const BOUNDARY = 'bench-attack-boundary';

/**
 * Sends a multipart body of `parts` file parts of 1 MiB each, as fast as the server takes it, unless the server
 * answers first (then it stops sending and closes). Resolves with the answer's status, or how the connection ended.
 */
function multipartFlood(baseUrl: string, pathname: string, headers: Record<string, string>, parts: number): Promise<string> {
  const { port } = new URL(baseUrl);
  const head = (i: number) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="f${i}"; filename="f${i}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const payload = Buffer.alloc(MiB, 0x61);
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const length = Array.from({ length: parts }, (_, i) => head(i).length + payload.length + 2).reduce((a, b) => a + b, 0) - 2 + tail.length;
  return new Promise((resolve) => {
    let outcome: string | null = null;
    const finish = (what: string) => {
      outcome ??= what;
      resolve(outcome);
    };
    const request = http.request({
      host: '127.0.0.1',
      port: Number(port),
      path: pathname,
      method: 'POST',
      agent: false,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(length), ...headers },
    });
    request.on('response', (response) => {
      outcome ??= String(response.statusCode);
      response.resume();
      response.on('end', () => {
        request.destroy();
        finish(outcome!);
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish(outcome ?? `closed by the server (${error.code ?? error.message})`));
    request.on('close', () => finish(outcome ?? 'closed'));
    void (async () => {
      // The headers first, a moment's chance for the answer (a refusal on request comes now, and is then read
      // before the server's close breaks a write), then the body as fast as the server takes it.
      request.flushHeaders();
      await new Promise((r) => {
        setTimeout(r, 1000);
        request.once('response', r);
      });
      for (let i = 0; i < parts && outcome === null && !request.destroyed; i++) {
        const chunk = Buffer.concat([i ? Buffer.from('\r\n') : Buffer.alloc(0), head(i), payload]);
        if (!request.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              request.off('drain', done);
              request.off('close', done);
              resolve();
            };
            request.on('drain', done);
            request.on('close', done);
          });
        }
      }
      if (outcome === null && !request.destroyed) request.end(tail);
    })();
  });
}

/** Runs `attack` while sampling the server's RSS every 20 ms: before, peak, and after. */
async function rssDuring(pid: number, attack: () => Promise<string[]>): Promise<{ answers: string; before: number; peak: number; after: number }> {
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 20);
  let results: string[];
  try {
    results = await attack();
  } finally {
    clearInterval(sampler);
  }
  await new Promise((r) => setTimeout(r, 200));
  const after = rssMb(pid);
  peak = Math.max(peak, after);
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r, (counts.get(r) ?? 0) + 1);
  return { answers: [...counts].map(([r, n]) => `${n} × ${r}`).join(', '), before, peak, after };
}

/** Multipart floods (many parts of up to 1 MiB, anonymous and as door staff), each against a fresh server on an empty database: what they cost in memory. */
async function floodFigures(startServer: (databaseUrl: string) => Promise<Server>, databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const door = { email: 'bench-door@example.org', password: 'bench-door-password' };
  try {
    await client.query("INSERT INTO admin_users (email, password_hash, role) VALUES ($1, $2, 'checkin')", [door.email, await hashPassword(door.password)]);
  } finally {
    await client.end();
  }
  const rows: Array<Array<string | number>> = [];
  let server = await startServer(databaseUrl);
  let origin = { origin: server.baseUrl };
  const anonymous = await rssDuring(server.child.pid!, () => Promise.all([0, 1].map(() => multipartFlood(server.baseUrl, '/admin/login', origin, 400))));
  rows.push(['anonymous: 2 × 400 parts of 1 MiB to /admin/login', anonymous.answers, anonymous.before.toFixed(0), anonymous.peak.toFixed(0), anonymous.after.toFixed(0)]);
  await server.stop();

  server = await startServer(databaseUrl);
  origin = { origin: server.baseUrl };
  const login = await fetch(`${server.baseUrl}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...origin },
    body: new URLSearchParams(door),
  });
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('admin_session='))
    ?.split(';')[0];
  if (login.status !== 302 || !cookie) throw new Error(`door staff login failed: ${login.status}`);
  const staff = await rssDuring(server.child.pid!, () =>
    Promise.all([0, 1, 2].map(() => multipartFlood(server.baseUrl, '/admin/api/resources/Competition/actions/new', { ...origin, cookie }, 300))),
  );
  rows.push(['door staff: 3 × 300 parts of 1 MiB to Competition/actions/new', staff.answers, staff.before.toFixed(0), staff.peak.toFixed(0), staff.after.toFixed(0)]);
  await server.stop();
  printTable(['multipart flood (a fresh server each)', 'answers', 'RSS before (MB)', 'peak RSS (MB)', 'RSS after (MB)'], rows);
  console.log('');
}

/** What the checks below read of AdminJS's list answers and of the dashboard's. */
interface AdminApiBody {
  records?: unknown[];
  competitions?: unknown[];
  options?: unknown[];
}

async function timed(label: string, baseUrl: string, cookie: string, url: string, check: (body: AdminApiBody) => void): Promise<Array<string | number>> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${url}`, { headers: { cookie, ...SAME_ORIGIN } });
    const body: AdminApiBody = await response.json();
    times.push(performance.now() - started);
    if (!response.ok) throw new Error(`${label}: HTTP ${response.status}`);
    check(body);
  }
  // The first run warms caches and the plan; report the median and worst of the rest.
  const rest = times.slice(1).sort((a, b) => a - b);
  return [label, times[0].toFixed(0), percentile(rest, 50).toFixed(0), rest[rest.length - 1].toFixed(0), rest[rest.length - 1] < 300 ? 'yes' : 'NO'];
}

/** 200,000 users and 400,000 registrations over 20 competitions (competition 1 has 100,000), 5 answers each. */
async function generate(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`
      INSERT INTO competitions (title, registration_open, requires_approval, max_participants, starts_at)
      SELECT 'Соревнование ' || c, true, c % 2 = 0, NULL, now() + (c || ' days')::interval FROM generate_series(1, 20) c`);
    await client.query(`
      INSERT INTO time_slots (competition_id, starts_at, ends_at, capacity)
      SELECT c, now() + (c || ' days')::interval + (s || ' hours')::interval, now() + (c || ' days')::interval + ((s + 1) || ' hours')::interval, 5000
      FROM generate_series(1, 20) c, generate_series(1, 8) s`);
    await client.query(`INSERT INTO jury_panels (competition_id, name, capacity) SELECT c, 'Жюри ' || p, NULL FROM generate_series(1, 20) c, generate_series(1, 5) p`);
    await client.query(`
      INSERT INTO users (telegram_id, username, first_name, last_name, full_name, phone, language_code)
      SELECT 1000000000 + i, 'user' || i,
        (ARRAY['Анна','Иван','Мария','Пётр','Ольга','Сергей','Елена','Дмитрий','Наталья','Алексей'])[1 + i % 10],
        (ARRAY['Иванов','Смирнов','Кузнецов','Попов','Васильев','Петров','Соколов','Михайлов','Новиков','Фёдоров'])[1 + (i / 10) % 10] || i,
        (ARRAY['Анна','Иван','Мария','Пётр','Ольга','Сергей','Елена','Дмитрий','Наталья','Алексей'])[1 + i % 10] || ' ' ||
        (ARRAY['Иванов','Смирнов','Кузнецов','Попов','Васильев','Петров','Соколов','Михайлов','Новиков','Фёдоров'])[1 + (i / 10) % 10] || i,
        '+7900' || lpad(i::text, 7, '0'), 'ru'
      FROM generate_series(1, ${USERS}) i`);
    const statuses = `(ARRAY['approved','approved','approved','approved','approved','approved','pending','pending','waitlisted','cancelled'])[1 + (u.id * 7 + k) % 10]`;
    await client.query(`
      INSERT INTO registrations (user_id, competition_id, role, status, status_changed_at, consent_given, checked_in, created_at)
      SELECT u.id,
        CASE WHEN k = 0 THEN (CASE WHEN u.id <= ${USERS / 2} THEN 1 ELSE 2 + u.id % 10 END) ELSE 12 + u.id % 9 END,
        CASE WHEN u.id % 10 < 3 THEN 'voter' ELSE 'participant' END,
        ${statuses}, now(), true, u.id % 3 = 0 AND ${statuses} = 'approved', now() - (u.id || ' seconds')::interval
      FROM users u, (VALUES (0), (1)) AS t(k)`);
    await client.query(`
      INSERT INTO voter_time_slots (registration_id, time_slot_id)
      SELECT r.id, s.id FROM registrations r JOIN time_slots s ON s.competition_id = r.competition_id
      WHERE r.role = 'voter' AND r.competition_id = 1 AND s.id = (SELECT min(id) FROM time_slots WHERE competition_id = 1) + r.id % 8`);
    await client.query(`
      INSERT INTO voter_jury_panels (registration_id, jury_panel_id)
      SELECT r.id, (SELECT min(id) FROM jury_panels WHERE competition_id = 1) + r.id % 5 FROM registrations r WHERE r.role = 'voter' AND r.competition_id = 1`);
    // Five questions a competition (a choice of four categories, yes/no, a number, a text, a date) and an answer to
    // each from every registration: 2,000,000 answers.
    await client.query(`
      INSERT INTO questions (competition_id, kind, title_ru, title_en, required, position, options)
      SELECT c, k.kind, k.title, k.title, true, k.pos, k.options
      FROM generate_series(1, 20) c, (VALUES
        ('choice', 'Категория', 10, '[{"value":"kids","label_ru":"Дети","label_en":"Kids"},{"value":"junior","label_ru":"Юниоры","label_en":"Juniors"},{"value":"senior","label_ru":"Взрослые","label_en":"Seniors"},{"value":"veteran","label_ru":"Ветераны","label_en":"Veterans"}]'),
        ('yes_no', 'Участвовали раньше?', 20, NULL), ('number', 'Возраст', 30, NULL), ('text', 'Школа', 40, NULL), ('date', 'Дата рождения', 50, NULL)
      ) AS k(kind, title, pos, options)`);
    await client.query(`
      INSERT INTO answers (registration_id, question_id, value, value_key)
      SELECT r.id, q.id, v.value, v.value FROM registrations r JOIN questions q ON q.competition_id = r.competition_id,
      LATERAL (SELECT CASE q.kind
        WHEN 'choice' THEN (ARRAY['kids','junior','senior','veteran'])[1 + r.user_id % 4]
        WHEN 'yes_no' THEN CASE WHEN r.user_id % 3 = 0 THEN 'yes' ELSE 'no' END
        WHEN 'number' THEN (10 + r.user_id % 60)::text
        WHEN 'text' THEN 'Школа № ' || (r.user_id % 500)
        ELSE to_char(date '1990-01-01' + (r.user_id % 9000), 'YYYY-MM-DD') END AS value) v`);
    await generateTeams(client);
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Teams (issue 26): the team competitions and how many teams of four the bench makes in them. */
const TEAM_COMPETITIONS = [12, 20];
const TEAMS = 20_000;
const TEAM_SIZE = 4;

/**
 * 20,000 teams of four (80,000 members) in competitions 12–20, made team competitions: each team the next four
 * participant registrations of its competition, the first its captain; statuses forming / complete / incomplete
 * and a few dissolved (their members left, as the domain leaves them). One answer-less insert per table.
 */
async function generateTeams(client: pg.Client): Promise<void> {
  const [first, last] = TEAM_COMPETITIONS;
  await client.query(`UPDATE competitions SET team_mode = 'optional', team_min = 3, team_max = 5 WHERE id BETWEEN ${first} AND ${last}`);
  await client.query(`
    CREATE TEMP TABLE bench_members ON COMMIT DROP AS
    SELECT id, competition_id, (row_number() OVER (PARTITION BY competition_id ORDER BY id) - 1) / ${TEAM_SIZE} AS slot
    FROM registrations WHERE competition_id BETWEEN ${first} AND ${last} AND role = 'participant'`);
  await client.query(`
    CREATE TEMP TABLE bench_teams ON COMMIT DROP AS
    SELECT competition_id, slot, min(id) AS captain, row_number() OVER (ORDER BY slot, competition_id) AS n
    FROM bench_members GROUP BY competition_id, slot HAVING count(*) = ${TEAM_SIZE}
    ORDER BY slot, competition_id LIMIT ${TEAMS}`);
  await client.query(`
    INSERT INTO teams (competition_id, name, name_key, captain_registration_id, invite_code, status, created_at)
    SELECT competition_id, 'Команда ' || n, 'команда ' || n, captain, md5('bench-team-' || n),
      (ARRAY['forming','complete','complete','complete','incomplete','complete','forming','complete','complete','dissolved'])[1 + n % 10],
      now() - (n || ' seconds')::interval
    FROM bench_teams`);
  await client.query(`
    UPDATE registrations r SET team_id = t.id
    FROM bench_members m JOIN bench_teams b ON b.competition_id = m.competition_id AND b.slot = m.slot
    JOIN teams t ON t.competition_id = b.competition_id AND t.name_key = 'команда ' || b.n
    WHERE r.id = m.id AND t.status <> 'dissolved'`);
}

/**
 * The teams list at 20,000 teams / 80,000 members (issue 26: under 300 ms worst), each row also as a ratio to the
 * bench's baseline — the registrations list's first row (competition + status, page 1), timed in the same run — since
 * absolute times differ from machine to machine.
 */
async function teamRows(baseUrl: string, cookie: string, baseline: Array<string | number>): Promise<void> {
  const list = (q: string) => `/admin/api/resources/Team/actions/list?${q}`;
  const expectTeams = (body: AdminApiBody) => {
    if (!Array.isArray(body.records) || body.records.length < 10) throw new Error(`expected a page of teams, got ${JSON.stringify(body).slice(0, 200)}`);
  };
  const [first] = TEAM_COMPETITIONS;
  const rows = [
    // 20 a page (AdminJS's default): 1,000 pages in all, ~111 of one competition, 200 of forming teams.
    await timed('teams: all, page 1 (of 1,000)', baseUrl, cookie, list('page=1'), expectTeams),
    await timed(`teams: competition ${first}, a far page (100 of ~111)`, baseUrl, cookie, list(`filters.competitionId=${first}&page=100`), expectTeams),
    await timed('teams: status = forming (page 1 of 200)', baseUrl, cookie, list('filters.status=forming&page=1'), expectTeams),
    await timed('teams: status = forming, a far page (190 of 200)', baseUrl, cookie, list('filters.status=forming&page=190'), expectTeams),
    // The dashboard's team counts: two grouped queries over the 9 team competitions' 20,000 teams and 80,000 members.
    await timed('dashboard (20 open competitions, 9 with teams)', baseUrl, cookie, '/admin/api/dashboard', (body) => {
      const teams = (body.competitions as Array<{ teams: { registered: number } | null }> | undefined)?.filter((c) => c.teams);
      if (teams?.length !== 9 || teams.reduce((n, c) => n + c.teams!.registered, 0) !== 18_000) throw new Error('dashboard: expected 18,000 live teams in 9 competitions');
    }),
  ];
  const baseMedian = Number(baseline[2]);
  printTable(
    ['teams list (HTTP, logged in)', 'first ms', 'median ms', 'worst ms', '< 300 ms', `median × baseline (${baseMedian} ms)`, 'worst × baseline'],
    [
      [`baseline: ${baseline[0]}`, ...baseline.slice(1), '1.00', (Number(baseline[3]) / baseMedian).toFixed(2)],
      ...rows.map((row) => [...row, (Number(row[2]) / baseMedian).toFixed(2), (Number(row[3]) / baseMedian).toFixed(2)]),
    ],
  );
  console.log('');
}

/** The id of a generated question of competition `competitionId` of that kind. */
async function questionId(databaseUrl: string, competitionId: number, kind: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query('SELECT id FROM questions WHERE competition_id = $1 AND kind = $2', [competitionId, kind])).rows[0].id);
  } finally {
    await client.end();
  }
}

async function run(): Promise<void> {
  if (!fs.existsSync(MAIN_JS)) throw new Error('dist/server/main.js is missing: run `npm run build`');
  const database = await createTestDatabase('postgres');
  const url = database.url;
  const figures: Array<Array<string | number>> = [];
  // Every server this run starts is stopped at its end, also when a step throws (one left running kept
  // reconnecting to the dropped database, and held its port and memory, until killed by hand).
  const started: Server[] = [];
  const startServer = async (databaseUrl: string) => {
    const server = await startAdminServer(databaseUrl);
    started.push(server);
    return server;
  };
  try {
    // First boot migrates an empty database; the second is an ordinary restart.
    const first = await startServer(url);
    await first.stop();
    const server0 = await startServer(url);
    figures.push(['boot with the admin mounted (migrated, empty DB)', `${server0.bootMs.toFixed(0)} ms`]);
    figures.push(['RSS after boot', `${rssMb(server0.child.pid!).toFixed(0)} MB`]);
    await login(server0.baseUrl);
    figures.push(['RSS after a login (app shell + dashboard)', `${rssMb(server0.child.pid!).toFixed(0)} MB`]);
    await server0.stop();

    // BENCH_ADMIN_TEAMS_ONLY=1: the teams list's rows only (generation, the baseline row, the teams rows).
    const teamsOnly = process.env.BENCH_ADMIN_TEAMS_ONLY === '1';
    if (!teamsOnly) await floodFigures(startServer, url);
    if (process.env.BENCH_ADMIN_ATTACK_ONLY === '1') {
      printTable(['measure', 'value'], figures);
      return;
    }

    const generation = performance.now();
    await generate(url);
    figures.push([`generate ${USERS} users, ${USERS * 2} registrations, ${USERS * 10} answers`, `${((performance.now() - generation) / 1000).toFixed(1)} s`]);

    const server = await startServer(url);
    figures.push(['boot with the admin mounted (big DB)', `${server.bootMs.toFixed(0)} ms`]);
    const cookie = await login(server.baseUrl);
    figures.push(['RSS after a login (big DB)', `${rssMb(server.child.pid!).toFixed(0)} MB`]);
    printTable(['measure', 'value'], figures);
    console.log('');

    const list = (q: string) => `/admin/api/resources/Registration/actions/list?${q}`;
    const expectRecords = (min: number) => (body: AdminApiBody) => {
      if (!Array.isArray(body.records) || body.records.length < min) throw new Error(`expected records, got ${JSON.stringify(body).slice(0, 200)}`);
    };
    const listBaseline = await timed(
      'registrations: competition + status (page 1 of ~12,500)',
      server.baseUrl,
      cookie,
      list('filters.competitionId=1&filters.status=pending&page=1'),
      expectRecords(10),
    );
    if (teamsOnly) {
      await teamRows(server.baseUrl, cookie, listBaseline);
      return;
    }
    const rows = [
      listBaseline,
      await timed('registrations: competition + status, page 50', server.baseUrl, cookie, list('filters.competitionId=1&filters.status=approved&page=50'), expectRecords(10)),
      await timed('registrations: search by name (“Ольга Петров12”)', server.baseUrl, cookie, list(`filters.search=${encodeURIComponent('Ольга Петров12')}`), expectRecords(1)),
      await timed('registrations: search by phone (+79000123456)', server.baseUrl, cookie, list(`filters.search=${encodeURIComponent('+79000123456')}`), expectRecords(1)),
      await timed(
        'users: search by surname (“Соколов”, ~20,000 match)',
        server.baseUrl,
        cookie,
        `/admin/api/resources/User/actions/list?filters.search=${encodeURIComponent('соколов')}`,
        expectRecords(10),
      ),
      // Issue 25: the list filtered by an answer (EXISTS on answers by question and value_key), worst under 300 ms.
      await timed(
        'registrations: competition + a choice answer (“junior”, ~50,000 of 100,000)',
        server.baseUrl,
        cookie,
        list(`filters.competitionId=1&filters.answer=${await questionId(url, 1, 'choice')}=junior&page=1`),
        expectRecords(10),
      ),
      await timed(
        'registrations: competition + a number range (12..14)',
        server.baseUrl,
        cookie,
        list(`filters.competitionId=1&filters.answer=${await questionId(url, 1, 'number')}:12..14&page=1`),
        expectRecords(10),
      ),
      await timed('dashboard: one competition’s counts per option (its card asks)', server.baseUrl, cookie, '/admin/api/resources/Competition/records/1/optionCounts', (body) => {
        if (body.options?.length !== 2) throw new Error('option counts: expected 2 questions (the choice, yes/no)');
      }),
      await timed('dashboard (20 open competitions)', server.baseUrl, cookie, '/admin/api/dashboard', (body) => {
        if (body.competitions?.length !== 20) throw new Error('dashboard: expected 20 competitions');
      }),
    ];
    printTable(['query (HTTP, logged in)', 'first ms', 'median ms', 'worst ms', '< 300 ms'], rows);
    console.log('');
    await teamRows(server.baseUrl, cookie, listBaseline);

    // Exports, streamed (CSV, then Excel): the server's RSS is sampled every 20 ms while each runs. Flat memory
    // means the peak does not grow with the file: a 10,000-row export and a 100,000-row one peak alike, each within
    // ~30 MB of the RSS it started from. Figures are also given against the baseline: the server's RSS before the
    // first export of this run (absolute MB differ from machine to machine, the ratios much less).
    const pid = server.child.pid!;
    const baseline = rssMb(pid);
    const exports: Array<Array<string | number>> = [];
    for (const format of ['csv', 'xlsx'] as const) {
      for (const [competition, label] of [
        [2, '10,000 rows'],
        [1, '100,000 rows'],
        [1, '100,000 rows again'],
      ] as const) {
        const start = rssMb(pid);
        let peak = start;
        const gcBefore = server.liveHeap.length;
        const sampler = setInterval(() => {
          peak = Math.max(peak, rssMb(pid));
        }, 20);
        const began = performance.now();
        const response = await fetch(`${server.baseUrl}/admin/export/competitions/${competition}/registrations.${format}`, { headers: { cookie, ...SAME_ORIGIN } });
        if (!response.ok) throw new Error(`${format} export: HTTP ${response.status}`);
        let bytes = 0;
        const body = response.body!.getReader();
        for (let chunk = await body.read(); !chunk.done; chunk = await body.read()) bytes += chunk.value.length;
        const elapsed = performance.now() - began;
        clearInterval(sampler);
        await new Promise((r) => setTimeout(r, 50)); // let the GC trace lines of the export arrive
        const live = server.liveHeap.slice(gcBefore);
        const delta = peak - start;
        exports.push([
          `${format.toUpperCase()}, ${label}`,
          `${(bytes / 1024 / 1024).toFixed(1)} MB`,
          `${(elapsed / 1000).toFixed(2)} s`,
          `${start.toFixed(0)} MB (${(start / baseline).toFixed(2)})`,
          `${peak.toFixed(0)} MB (${(peak / baseline).toFixed(2)})`,
          `+${delta.toFixed(0)} MB (+${((100 * delta) / baseline).toFixed(0)} %)`,
          delta <= 30 ? 'yes' : 'NO',
          live.length ? `${Math.max(...live).toFixed(0)} MB (${live.length} full GC)` : 'no full GC',
        ]);
      }
    }
    printTable(
      ['export', 'size', 'time', `start RSS (× baseline ${baseline.toFixed(0)} MB)`, 'peak RSS (× baseline)', 'peak − start (% of baseline)', '≤ 30 MB', 'live heap after full GC'],
      exports,
    );
    console.log('RSS includes garbage V8 has not collected yet; the live heap after each full GC is what the export really holds.');
    await server.stop();
  } finally {
    for (const server of started) if (server.child.exitCode === null && server.child.signalCode === null) await server.stop();
    await database.drop();
  }
}

export const adminBench: BenchSuite = {
  name: 'admin',
  description: 'the web admin at scale on PostgreSQL (boot, RSS after login, RSS under a multipart flood, list/search/dashboard timings, CSV and Excel export memory)',
  run,
};
