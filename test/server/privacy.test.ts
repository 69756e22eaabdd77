import { SYSTEM } from '../../domain/actor.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishConsentDocument } from '../../domain/consents.js';
import { startTestService, type TestService } from '../../devkit/service.js';

const OPERATOR = 'ООО «Ромашка», 101000, Москва, ул. Лесная, 1';
const CONTACT = 'privacy@romashka.example';

describe('the public consent document at /privacy', () => {
  let h: TestService;
  beforeAll(async () => {
    h = await startTestService({ env: { PRIVACY_OPERATOR: OPERATOR, PRIVACY_CONTACT: CONTACT } });
  });
  afterAll(async () => h?.close());

  const get = (path: string, language?: string) => fetch(`${h.baseUrl}${path}`, { headers: language ? { 'accept-language': language } : {} });

  it('shows the current text in Russian by default, with the operator, the contact, the data and how to withdraw; no login, no script', async () => {
    const response = await get('/privacy');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Согласие на обработку персональных данных');
    expect(html).toContain('ООО «Ромашка», 101000, Москва, ул. Лесная, 1'.replace(/"/g, '&quot;'));
    expect(html).toContain(CONTACT);
    expect(html).toContain('номер телефона');
    expect(html).toContain('📄 Мои данные');
    expect(html).not.toMatch(/<script|<style|style=/);
  });

  it('answers in English to an English reader, and ?lang= switches', async () => {
    const html = await (await get('/privacy', 'en-GB,en;q=0.9,ru;q=0.5')).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Consent to the processing of personal data');
    expect(html).toContain('📄 My data');
    expect(await (await get('/privacy?lang=ru', 'en')).text()).toContain('<html lang="ru">');
  });
});

// A service of its own: publishing a version changes what "current" is for every reader of that database, and the
// tests above read the built-in text (tests run shuffled).
describe('the public consent document after an edit', () => {
  let h: TestService;
  beforeAll(async () => {
    h = await startTestService({ env: { PRIVACY_OPERATOR: OPERATOR, PRIVACY_CONTACT: CONTACT } });
  });
  afterAll(async () => h?.close());

  const get = (path: string) => fetch(`${h.baseUrl}${path}`);

  it('keeps old versions readable after an edit, lists them all, and answers 404 for a version that does not exist', async () => {
    const version = await publishConsentDocument(h.service.db, SYSTEM, { ru: 'Согласие, версия проверки\n\nОператор: {operator}. Связь: {contact}. <b>не тег</b>' });
    const current = await (await get('/privacy')).text();
    expect(current).toContain('Согласие, версия проверки');
    expect(current).toContain('&lt;b&gt;не тег&lt;/b&gt;');
    expect(current).toContain(`href="/privacy/${version - 1}?lang=ru"`);
    const old = await get(`/privacy/${version - 1}`);
    expect(old.status).toBe(200);
    expect(await old.text()).toContain(version - 1 === 1 ? 'номер телефона' : 'Согласие');
    const zero = await (await get('/privacy/0')).text();
    expect(zero).toContain('до появления версий');
    expect((await get(`/privacy/${version + 1}`)).status).toBe(404);
    expect((await get('/privacy/abc')).status).toBe(404);
  });
});
