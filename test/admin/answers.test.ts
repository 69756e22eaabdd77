import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, adminActor, userActor } from '../../domain/actor.js';
import { createQuestion } from '../../domain/questions.js';
import { cancelRegistration, registerForCompetition } from '../../domain/registrations.js';
import { AdminAudit, AdminUser, Answer, type Question } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { TEST_BOT_TOKEN, type TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startAdminService } from './browser.js';
import { loginCookie, SAME_ORIGIN } from './session.js';

const ORGANIZER = { email: 'answers-organizer@example.org', password: 'organizer-password-1' };
const DOOR = { email: 'answers-door@example.org', password: 'door-staff-password-1' };
const FILE_BYTES = Buffer.from('%PDF-1.4 портфолио Анны\n');

describe(`answers for organizers over HTTP (${TEST_DB}): the registration page, list columns, filters, exports, dashboard, files`, { timeout: 120_000 }, () => {
  let harness: TestService;
  let organizer: string;
  let door: string;
  let competitionId: number;
  let category: Question;
  let age: Question;
  let tshirt: Question;
  let langs: Question;
  let portfolio: Question;
  let veteran: Question;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    harness = await startAdminService();
    const { db } = harness.service;
    await createAdminUser(db, SYSTEM, { ...ORGANIZER, role: 'organizer', displayName: 'Ольга' });
    await createAdminUser(db, SYSTEM, { ...DOOR, role: 'checkin', displayName: 'Дверь' });
    const actor = adminActor((await db.manager.findOneByOrFail(AdminUser, { email: ORGANIZER.email })).id);
    competitionId = (await makeCompetition(db, { title: 'Ответы-2027', registrationOpen: true, startsAt: new Date(Date.now() + 30 * 86_400_000) })).id;
    const base = { competitionId, role: null, titleEn: '', required: false };
    category = await createQuestion(db, actor, {
      ...base,
      kind: 'choice',
      titleRu: 'Возрастная категория',
      titleEn: 'Age category',
      listColumn: true,
      options: [
        { value: 'junior', label_ru: 'Юниоры', label_en: 'Juniors', limit: 2 },
        { value: 'senior', label_ru: 'Взрослые', label_en: 'Seniors', limit: null },
      ],
    });
    age = await createQuestion(db, actor, { ...base, kind: 'number', titleRu: 'Возраст', listColumn: true });
    tshirt = await createQuestion(db, actor, {
      ...base,
      kind: 'choice',
      titleRu: 'Размер футболки',
      options: [
        { value: 'm', label_ru: 'M', label_en: 'M' },
        { value: 'l', label_ru: 'L', label_en: 'L' },
      ],
    });
    langs = await createQuestion(db, actor, {
      ...base,
      kind: 'multi_choice',
      titleRu: 'Языки программирования',
      options: [
        { value: 'py', label_ru: 'Питон', label_en: 'Python' },
        { value: 'js', label_ru: 'Джаваскрипт', label_en: 'JavaScript' },
        { value: 'go', label_ru: 'Го', label_en: 'Go' },
      ],
    });
    veteran = await createQuestion(db, actor, { ...base, kind: 'yes_no', titleRu: 'Участвовали раньше?' });
    portfolio = await createQuestion(db, actor, { ...base, kind: 'file', titleRu: 'Портфолио' });
    const people = [
      { name: 'Анна Юниорова', answers: { [category.id]: 'junior', [age.id]: '15', [tshirt.id]: 'm', [langs.id]: '["py","js"]', [veteran.id]: 'no' } },
      { name: 'Борис Юниоров', answers: { [category.id]: 'junior', [age.id]: '17', [langs.id]: '["go"]', [veteran.id]: 'yes' } },
      { name: 'Вера Взрослая', answers: { [category.id]: 'senior', [age.id]: '34', [tshirt.id]: 'l', [langs.id]: '["js"]', [veteran.id]: 'yes' } },
      { name: 'Глеб Отменивший', answers: { [category.id]: 'senior', [age.id]: '40' } },
    ];
    for (const [i, person] of people.entries()) {
      const user = await makeUser(db, { fullName: person.name, phone: `+7912000000${i}` });
      const answers: Record<number, string> = { ...person.answers };
      if (i === 0)
        answers[portfolio.id] = JSON.stringify({ fileId: 'anna-portfolio', fileUniqueId: 'u-anna', type: 'document', name: 'Портфолио Анны.pdf', mime: 'application/pdf' });
      const { registration } = await registerForCompetition(db, userActor(user.id), {
        userId: user.id,
        competitionId,
        role: 'participant',
        consentGiven: true,
        answers,
        lang: 'ru',
      });
      ids[person.name.split(' ')[0]] = registration.id;
      // Глеб cancels: his answer stays but no longer counts on the dashboard.
      if (i === 3) await cancelRegistration(db, userActor(user.id), registration.id);
    }
    harness.api.addFile('anna-portfolio', FILE_BYTES, 'documents/file_7.pdf');
    organizer = await loginCookie(harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
    door = await loginCookie(harness.baseUrl, DOOR.email, DOOR.password);
  });
  afterAll(async () => harness?.close());

  const get = (path: string, cookie = organizer, headers: Record<string, string> = {}) =>
    fetch(`${harness.baseUrl}${path}`, { headers: { cookie, ...SAME_ORIGIN, ...headers }, redirect: 'manual' });
  const list = async (query: string): Promise<Array<{ id: string; params: Record<string, string> }>> => {
    const response = await get(`/admin/api/resources/Registration/actions/list?filters.competitionId=${competitionId}&perPage=50&${query}`);
    expect(response.status).toBe(200);
    return (await response.json()).records;
  };
  const names = (records: Array<{ params: Record<string, string> }>) => records.map((r) => r.params.label.split('\n')[0]).sort();

  it('the registration page shows each answer by its question, options by their labels, several joined, the file as our link', async () => {
    const response = await get(`/admin/api/resources/Registration/records/${ids['Анна']}/show`);
    expect(response.status).toBe(200);
    const answers = JSON.parse((await response.json()).record.params.answers) as Array<{ title: string; text: string; fileUrl?: string }>;
    expect(answers.map((a) => [a.title, a.text])).toEqual([
      ['Возрастная категория', 'Юниоры'],
      ['Возраст', '15'],
      ['Размер футболки', 'M'],
      ['Языки программирования', 'Питон, Джаваскрипт'],
      ['Участвовали раньше?', 'Нет'],
      ['Портфолио', 'Портфолио Анны.pdf'],
    ]);
    const answer = await harness.service.db.manager.findOneByOrFail(Answer, { registrationId: ids['Анна'], questionId: portfolio.id });
    expect(answers[5].fileUrl).toBe(`/admin/answers/${answer.id}/file`);
  });

  it('an option removed later still shows in old answers as it was', async () => {
    const { db } = harness.service;
    const actor = adminActor((await db.manager.findOneByOrFail(AdminUser, { email: ORGANIZER.email })).id);
    const { updateQuestion } = await import('../../domain/questions.js');
    await updateQuestion(db, actor, tshirt.id, { ...tshirt, options: [{ value: 'l', label_ru: 'L', label_en: 'L' }] });
    const response = await get(`/admin/api/resources/Registration/records/${ids['Анна']}/show`);
    const answers = JSON.parse((await response.json()).record.params.answers) as Array<{ title: string; text: string }>;
    expect(answers.find((a) => a.title === 'Размер футболки')?.text).toBe('M');
  });

  it('list columns: the questions marked so come with the list (answer_<id>) and are offered to the list by answerQuestions', async () => {
    const records = await list('');
    const anna = records.find((r) => Number(r.id) === ids['Анна'])!;
    expect(anna.params[`answer_${category.id}`]).toBe('Юниоры');
    expect(anna.params[`answer_${age.id}`]).toBe('15');
    expect(anna.params[`answer_${tshirt.id}`]).toBeUndefined();
    const offered = await (await get(`/admin/api/resources/Registration/actions/answerQuestions?competitionId=${competitionId}`)).json();
    expect(offered.questions.filter((q: { listColumn: boolean }) => q.listColumn).map((q: { title: string }) => q.title)).toEqual(['Возрастная категория', 'Возраст']);
    expect(offered.questions.filter((q: { filterable: boolean }) => q.filterable).map((q: { id: number }) => q.id)).toEqual([category.id, age.id, tshirt.id, langs.id, veteran.id]);
  });

  it('filters by a choice answer, a yes/no, a ticked option and a number range (together too)', async () => {
    expect(names(await list(`filters.answer=${category.id}=junior`))).toEqual(['Анна Юниорова', 'Борис Юниоров']);
    expect(names(await list(`filters.answer=${veteran.id}=yes`))).toEqual(['Борис Юниоров', 'Вера Взрослая']);
    expect(names(await list(`filters.answer=${langs.id}~js`))).toEqual(['Анна Юниорова', 'Вера Взрослая']);
    expect(names(await list(`filters.answer=${age.id}:16..40`))).toEqual(['Борис Юниоров', 'Вера Взрослая', 'Глеб Отменивший']);
    expect(names(await list(`filters.answer=${age.id}:..16`))).toEqual(['Анна Юниорова']);
    expect(names(await list(`filters.answer=${encodeURIComponent(`${category.id}=senior;${age.id}:30..35`)}`))).toEqual(['Вера Взрослая']);
    // Unreadable: nobody, never everybody.
    expect(await list('filters.answer=nonsense')).toEqual([]);
  });

  it('the CSV has one column per question: labels, several joined with ", ", the file by its name', async () => {
    const response = await get(`/admin/export/competitions/${competitionId}/registrations.csv`);
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(';'));
    const column = (name: string) => lines[0].indexOf(name);
    for (const title of ['Возрастная категория', 'Возраст', 'Размер футболки', 'Языки программирования', 'Участвовали раньше?', 'Портфолио'])
      expect(column(title)).toBeGreaterThan(0);
    const anna = lines.find((l) => l.includes('Анна Юниорова'))!;
    expect(anna[column('Возрастная категория')]).toBe('Юниоры');
    expect(anna[column('Языки программирования')]).toBe('Питон, Джаваскрипт');
    expect(anna[column('Портфолио')]).toBe('Портфолио Анны.pdf');
    const boris = lines.find((l) => l.includes('Борис Юниоров'))!;
    expect(boris[column('Размер футболки')]).toBe('');
    expect(boris[column('Участвовали раньше?')]).toBe('Да');
  });

  it('the Excel file has the same answer columns (read back with exceljs), in English for an English browser', async () => {
    const response = await get(`/admin/export/competitions/${competitionId}/registrations.xlsx`, organizer, { 'accept-language': 'en-US,en' });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const column = (name: string) => headers.indexOf(name);
    expect(column('Age category')).toBeGreaterThan(0);
    const rows: string[][] = [];
    sheet.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).map((v) => (v === null || v === undefined ? '' : String(v)))));
    const anna = rows.find((r) => r.includes('Анна Юниорова'))!;
    expect(anna[column('Age category')]).toBe('Juniors');
    expect(anna[column('Языки программирования')]).toBe('Python, JavaScript');
    expect(anna[column('Возраст')]).toBe('15');
  });

  it('the dashboard counts each option of a choice question and the places an option with a limit has left', async () => {
    const dashboard = await get('/admin/api/dashboard');
    expect((await dashboard.json()).competitions.map((c: { id: number }) => c.id)).toContain(competitionId);
    // Each competition's card asks for its own counts.
    const response = await get(`/admin/api/resources/Competition/records/${competitionId}/optionCounts`);
    expect(response.status).toBe(200);
    const mine = await response.json();
    expect((await get(`/admin/api/resources/Competition/records/${competitionId}/optionCounts`, door)).status).toBe(403);
    const counts = mine.options.find((q: { questionId: number }) => q.questionId === category.id);
    expect(counts.title).toBe('Возрастная категория');
    expect(counts.options).toEqual([
      { value: 'junior', label: 'Юниоры', chosen: 2, limit: 2, left: 0 },
      { value: 'senior', label: 'Взрослые', chosen: 1, limit: null, left: null },
    ]);
    const several = mine.options.find((q: { questionId: number }) => q.questionId === langs.id);
    expect(Object.fromEntries(several.options.map((o: { value: string; chosen: number }) => [o.value, o.chosen]))).toEqual({ py: 1, js: 2, go: 1 });
  });

  it('a file opens through our route: session needed, door staff refused, the bytes arrive under the file name, no token anywhere', async () => {
    const answer = await harness.service.db.manager.findOneByOrFail(Answer, { registrationId: ids['Анна'], questionId: portfolio.id });
    const path = `/admin/answers/${answer.id}/file`;
    const anonymous = await fetch(`${harness.baseUrl}${path}`, { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location') ?? '').not.toContain('telegram');
    expect(anonymous.headers.get('location') ?? '').not.toContain(TEST_BOT_TOKEN);
    const staff = await get(path, door);
    expect([302, 403]).toContain(staff.status);
    expect(staff.headers.get('location') ?? '').not.toContain(TEST_BOT_TOKEN);
    expect(harness.api.callsOf('getFile')).toHaveLength(0);

    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(decodeURIComponent(response.headers.get('content-disposition')!)).toContain('Портфолио Анны.pdf');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(FILE_BYTES)).toBe(true);
    const seen: string[] = [];
    response.headers.forEach((value, key) => seen.push(`${key}: ${value}`));
    const headers = seen.join('\n');
    expect(headers).not.toContain(TEST_BOT_TOKEN);
    expect(headers).not.toContain(harness.api.apiRoot);
    expect(harness.api.callsOf('getFile').map((c) => c.params.file_id)).toEqual(['anna-portfolio']);
    // Opening it is in the journal (who, which answer), with nothing of the file.
    const audit = await harness.service.db.manager.findBy(AdminAudit, { action: 'answers.file_opened', recordId: String(answer.id) });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].changes ?? null)).not.toContain('Портфолио');
    // The logs name neither the file nor its path.
    expect(harness.logs.text()).not.toContain('Портфолио Анны');
    expect(harness.logs.text()).not.toContain('file_7.pdf');

    // Not a file answer, or no such answer: 404; the admin's own account works too.
    const other = await harness.service.db.manager.findOneByOrFail(Answer, { registrationId: ids['Анна'], questionId: category.id });
    expect((await get(`/admin/answers/${other.id}/file`)).status).toBe(404);
    const admin = await loginCookie(harness.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await get(path, admin)).status).toBe(200);
  });
});
