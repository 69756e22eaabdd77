import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, adminActor, userActor } from '../../domain/actor.js';
import { createQuestion } from '../../domain/questions.js';
import { registerForCompetition } from '../../domain/registrations.js';
import { AdminAudit, AdminUser, Answer, Question } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { startAdminService } from './browser.js';
import { loginCookie, SAME_ORIGIN } from './session.js';

const ORGANIZER = { email: 'questions-http@example.org', password: 'organizer-password-1' };
const DOOR = { email: 'questions-door@example.org', password: 'door-staff-password-1' };

/** What AdminJS's record form posts: every param as a multipart field. */
function form(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return body;
}

describe(`the questions' pages over HTTP (${TEST_DB}): edits through the domain, POST only, staff only`, { timeout: 120_000 }, () => {
  let harness: TestService;
  let organizer: string;
  let door: string;
  let competitionId: number;

  beforeAll(async () => {
    harness = await startAdminService();
    const { db } = harness.service;
    await createAdminUser(db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    await createAdminUser(db, SYSTEM, { ...DOOR, role: 'checkin' });
    competitionId = (await makeCompetition(db, { title: 'Вопросы по HTTP', registrationOpen: true, startsAt: new Date(Date.now() + 20 * 86_400_000) })).id;
    organizer = await loginCookie(harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
    door = await loginCookie(harness.baseUrl, DOOR.email, DOOR.password);
  });
  afterAll(async () => harness?.close());

  const organizerActor = async () => adminActor((await harness.service.db.manager.findOneByOrFail(AdminUser, { email: ORGANIZER.email })).id);
  const api = (path: string, init: RequestInit & { cookie?: string } = {}) =>
    fetch(`${harness.baseUrl}/admin/api/resources/Question${path}`, {
      ...init,
      headers: { cookie: init.cookie ?? organizer, ...SAME_ORIGIN, ...(init.headers ?? {}) },
      redirect: 'manual',
    });

  it('an edit keeps an option that answers hold (removed, shown as it was) and reads the rules and the condition from their fields', async () => {
    const { db } = harness.service;
    const actor = await organizerActor();
    const base = { competitionId, role: null, titleEn: '', required: false } as const;
    const age = await createQuestion(db, actor, { ...base, kind: 'number', titleRu: 'Возраст' });
    const size = await createQuestion(db, actor, {
      ...base,
      kind: 'choice',
      titleRu: 'Размер',
      options: [
        { value: 's', label_ru: 'Маленький', label_en: 'Small' },
        { value: 'm', label_ru: 'Средний', label_en: 'Medium' },
      ],
    });
    const user = await makeUser(db, { fullName: 'Ответившая Маленький' });
    await registerForCompetition(db, userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true, answers: { [size.id]: 's' }, lang: 'ru' });

    const shown = (await (await api(`/records/${size.id}/show`)).json()).record.params;
    expect(shown.options).toBe('s | Маленький | Small\nm | Средний | Medium');
    expect(shown.role).toBe('both');

    const response = await api(`/records/${size.id}/edit`, {
      method: 'POST',
      body: form({
        competitionId: String(competitionId),
        role: 'participant',
        kind: 'choice',
        titleRu: 'Размер футболки',
        titleEn: '',
        required: 'true',
        listColumn: 'false',
        options: 'm | Средний | Medium | 3\nl | Большой | Large',
        showIf: `${age.id}: 10..`,
        combine: 'all',
      }),
    });
    expect(response.status).toBe(200);
    const after = await db.manager.findOneByOrFail(Question, { id: size.id });
    expect(after).toMatchObject({
      titleRu: 'Размер футболки',
      titleEn: 'Размер футболки',
      role: 'participant',
      required: true,
      showIf: { combine: 'all', conditions: [{ questionId: age.id, min: 10 }] },
    });
    expect(after.options).toEqual([
      { value: 'm', label_ru: 'Средний', label_en: 'Medium', limit: 3 },
      { value: 'l', label_ru: 'Большой', label_en: 'Large', limit: null },
      { value: 's', label_ru: 'Маленький', label_en: 'Small', limit: null, removed: true },
    ]);
    // The form shows the live options only; the audit says it in words.
    expect((await (await api(`/records/${size.id}/show`)).json()).record.params.options).toBe('m | Средний | Medium | 3\nl | Большой | Large');
    expect(await db.manager.countBy(AdminAudit, { action: 'question.updated', recordId: String(size.id) })).toBe(1);

    // A bad condition is an error under its field, and nothing changes.
    const refused = await api(`/records/${size.id}/edit`, {
      method: 'POST',
      body: form({ competitionId: String(competitionId), role: 'participant', kind: 'choice', titleRu: 'Размер футболки', options: 'm | Средний', showIf: 'когда-нибудь' }),
    });
    const errors = (await refused.json()).record.errors;
    expect(errors.showIf.message).toContain('Условие может ссылаться только на вопрос выше');
    expect((await db.manager.findOneByOrFail(Question, { id: size.id })).options).toHaveLength(3);
  });

  it('delete: a GET only asks (with the number of answers), a cross-site POST is refused, the POST deletes the question and its answers', async () => {
    const { db } = harness.service;
    const q = await createQuestion(db, await organizerActor(), { competitionId, role: null, kind: 'text', titleRu: 'Школа', titleEn: 'School', required: false });
    const user = await makeUser(db, { fullName: 'Ответивший Школа' });
    await registerForCompetition(db, userActor(user.id), { userId: user.id, competitionId, role: 'voter', consentGiven: true, answers: { [q.id]: 'Лицей №1' }, lang: 'ru' });

    const asked = await api(`/records/${q.id}/delete`);
    expect(asked.status).toBe(200);
    const confirm = (await asked.json()).confirm;
    expect(confirm).toMatchObject({ messageKey: 'confirmQuestionDelete', names: ['Школа'], values: { answers: 1 }, danger: true });
    expect(await db.manager.countBy(Question, { id: q.id })).toBe(1);

    const foreign = await fetch(`${harness.baseUrl}/admin/api/resources/Question/records/${q.id}/delete`, {
      method: 'POST',
      headers: { cookie: organizer, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      redirect: 'manual',
    });
    expect(foreign.status).toBe(403);
    expect(await db.manager.countBy(Question, { id: q.id })).toBe(1);

    const done = await api(`/records/${q.id}/delete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(done.status).toBe(200);
    expect(await db.manager.countBy(Question, { id: q.id })).toBe(0);
    expect(await db.manager.countBy(Answer, { questionId: q.id })).toBe(0);
  });

  it('the competition page moves a question only on a POST from the admin, and door staff reach none of it', async () => {
    const { db } = harness.service;
    const own = await makeCompetition(db, { title: 'Порядок вопросов' });
    const actor = await organizerActor();
    const first = await createQuestion(db, actor, { competitionId: own.id, role: null, kind: 'text', titleRu: 'Первый', titleEn: '', required: false });
    const second = await createQuestion(db, actor, { competitionId: own.id, role: null, kind: 'text', titleRu: 'Второй', titleEn: '', required: false });
    const action = `${harness.baseUrl}/admin/api/resources/Competition/records/${own.id}/questions`;
    const order = async () => (await db.manager.find(Question, { where: { competitionId: own.id }, order: { position: 'ASC', id: 'ASC' } })).map((q) => q.id);

    const listed = await (await fetch(action, { headers: { cookie: organizer, ...SAME_ORIGIN } })).json();
    expect(listed.questions.map((q: { title: string }) => q.title)).toEqual(['Первый', 'Второй']);
    const json = { 'content-type': 'application/json' };
    const foreign = await fetch(action, {
      method: 'POST',
      headers: { cookie: organizer, ...json, 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ move: first.id, direction: 'down' }),
    });
    expect(foreign.status).toBe(403);
    expect(await order()).toEqual([first.id, second.id]);
    const moved = await (
      await fetch(action, { method: 'POST', headers: { cookie: organizer, ...json, ...SAME_ORIGIN }, body: JSON.stringify({ move: first.id, direction: 'down' }) })
    ).json();
    expect(moved.questions.map((q: { title: string }) => q.title)).toEqual(['Второй', 'Первый']);
    expect(await order()).toEqual([second.id, first.id]);
    // Another competition's question is not moved from this page.
    const elsewhere = await createQuestion(db, actor, { competitionId, role: null, kind: 'text', titleRu: 'Чужой', titleEn: '', required: false });
    const refused = await (
      await fetch(action, { method: 'POST', headers: { cookie: organizer, ...json, ...SAME_ORIGIN }, body: JSON.stringify({ move: elsewhere.id, direction: 'up' }) })
    ).json();
    expect(refused.error).toContain('Вопрос не найден');

    for (const path of [
      '/admin/api/resources/Question/actions/list',
      `/admin/api/resources/Question/records/${first.id}/show`,
      `/admin/api/resources/Competition/records/${own.id}/questions`,
    ]) {
      const response = await fetch(`${harness.baseUrl}${path}`, { headers: { cookie: door, ...SAME_ORIGIN }, redirect: 'manual' });
      expect(response.status).toBe(403);
    }
    const post = await fetch(action, {
      method: 'POST',
      headers: { cookie: door, ...json, ...SAME_ORIGIN },
      body: JSON.stringify({ move: second.id, direction: 'down' }),
      redirect: 'manual',
    });
    expect(post.status).toBe(403);
    expect(await order()).toEqual([second.id, first.id]);
  });
});
