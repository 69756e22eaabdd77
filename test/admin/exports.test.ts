import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerForCompetition, rejectRegistration } from '../../domain/registrations.js';
import { SYSTEM, userActor } from '../../domain/actor.js';
import { formatInZone } from '../../domain/time.js';
import { Registration } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, launchBrowser, login, newPage, screenshot, startAdminService } from './browser.js';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const ZONE = 'Europe/Moscow'; // startAdminService's TZ_DISPLAY

describe(`the registrations exports over HTTP (${TEST_DB}): CSV and Excel`, () => {
  let harness: TestService;
  let cookie: string;
  let competitionId: number;
  const reason = 'Нет справки от врача';

  beforeAll(async () => {
    harness = await startAdminService();
    const db = harness.service.db;
    const login = await fetch(`${harness.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
      body: new URLSearchParams({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
      redirect: 'manual',
    });
    cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('admin_session='))!
      .split(';')[0];
    competitionId = (await makeCompetition(db, { title: 'Экспорт-2027', requiresApproval: true })).id;
    const people = [
      { fullName: 'Анна Участница', phone: '+79123456789', role: 'participant' as const },
      { fullName: 'Борис Отклонённый', phone: '+79161112233', role: 'participant' as const },
      { fullName: 'Вера Голосующая', phone: '+79035550011', role: 'voter' as const },
    ];
    for (const person of people) {
      const user = await makeUser(db, { fullName: person.fullName, phone: person.phone });
      const { registration } = await registerForCompetition(db, userActor(user.id), { userId: user.id, competitionId, role: person.role, consentGiven: true });
      if (person.fullName.startsWith('Борис')) await rejectRegistration(db, SYSTEM, registration.id, reason);
    }
  });
  afterAll(async () => harness?.close());

  const download = (format: 'csv' | 'xlsx', headers: Record<string, string> = { cookie }) =>
    fetch(`${harness.baseUrl}/admin/export/competitions/${competitionId}/registrations.${format}`, { headers: { ...SAME_ORIGIN, ...headers }, redirect: 'manual' });

  it('the CSV writes phones as Excel keeps them (with their "+") and the rejection reason', async () => {
    const response = await download('csv');
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(';'));
    const headers = lines[0];
    const column = (name: string) => headers.indexOf(name);
    expect(column('Причина отказа')).toBeGreaterThan(0);
    const anna = lines.find((l) => l.includes('Анна Участница'))!;
    // Spaces and dashes: a spreadsheet reads it as text, never as the number 79123456789.
    expect(anna[column('Телефон')]).toBe('+7 912 345 67 89');
    expect(anna[column('Причина отказа')]).toBe('');
    const boris = lines.find((l) => l.includes('Борис Отклонённый'))!;
    expect(boris[column('Статус')]).toBe('отклонена');
    expect(boris[column('Причина отказа')]).toBe(reason);
  });

  it('the Excel file: a sheet per role with a frozen header, phones as text with "+", dates as dates in TZ_DISPLAY, the same rows as the CSV', async () => {
    const response = await download('xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(response.headers.get('content-disposition')!)).toMatch(/Экспорт-2027 — заявки \d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Участники', 'Голосующие']);
    const db = harness.service.db;
    const registrations = await db.manager.find(Registration, { where: { competitionId } });
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers.slice(0, 4)).toEqual(['Номер заявки', 'Статус', 'Место в списке ожидания', 'Роль']);
      expect(headers).toContain('Причина отказа');
    }
    const rows = (sheet: ExcelJS.Worksheet) => {
      const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      const out: Array<Record<string, unknown>> = [];
      sheet.eachRow((row, n) => {
        if (n > 1) out.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
      });
      return out;
    };
    const [participants, voters] = workbook.worksheets.map(rows);
    expect(participants.map((r) => r['ФИО']).sort()).toEqual(['Анна Участница', 'Борис Отклонённый']);
    expect(voters.map((r) => r['ФИО'])).toEqual(['Вера Голосующая']);
    expect(participants.length + voters.length).toBe(registrations.length);
    expect(voters[0]['Роль']).toBe('голосующий');

    const anna = participants.find((r) => r['ФИО'] === 'Анна Участница')!;
    expect(typeof anna['Телефон']).toBe('string');
    expect(anna['Телефон']).toBe('+7 912 345 67 89');
    expect(typeof anna['ID в Telegram']).toBe('string');
    // A date cell holding TZ_DISPLAY's wall clock, shown as dd.mm.yyyy hh:mm.
    const registered = anna['Зарегистрирован(а)'];
    expect(registered).toBeInstanceOf(Date);
    const own = registrations.find((r) => r.id === anna['Номер заявки'])!;
    expect((registered as Date).toISOString().slice(0, 16).replace('T', ' ')).toBe(formatInZone(own.createdAt, ZONE));
    const headers = (workbook.worksheets[0].getRow(1).values as unknown[]).slice(1);
    const dateCell = workbook.worksheets[0].getRow(2).getCell(headers.indexOf('Зарегистрирован(а)') + 1);
    expect(dateCell.numFmt).toBe('dd.mm.yyyy hh:mm');

    const boris = participants.find((r) => r['ФИО'] === 'Борис Отклонённый')!;
    expect(boris['Статус']).toBe('отклонена');
    expect(boris['Причина отказа']).toBe(reason);
  });

  it("the competition's page offers Excel beside CSV: one tap downloads the .xlsx (desktop and phone)", async () => {
    const browser = await launchBrowser();
    try {
      for (const size of [
        { name: 'desktop', width: 1400, height: 900 },
        { name: 'phone', width: 390, height: 844 },
      ]) {
        const { context, page } = await newPage(browser);
        await page.setViewportSize({ width: size.width, height: size.height });
        await login(page, harness.baseUrl);
        await page.goto(`${harness.baseUrl}/admin/resources/Competition/records/${competitionId}/show`);
        const excel = page.getByTestId('exportXlsxLink');
        await excel.waitFor();
        expect(await excel.innerText()).toBe('Скачать Excel');
        await screenshot(page, `exports-competition-${size.name}`);
        const [file] = await Promise.all([page.waitForEvent('download'), excel.click()]);
        expect(file.suggestedFilename()).toMatch(/^Экспорт-2027 — заявки \d{4}-\d{2}-\d{2}\.xlsx$/);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(new Uint8Array(fs.readFileSync((await file.path())!)).buffer);
        expect(workbook.worksheets.map((s) => s.name)).toEqual(['Участники', 'Голосующие']);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('the Excel file only for staff, like the CSV', async () => {
    expect((await download('xlsx', {})).status).not.toBe(200);
    expect((await download('xlsx', {})).headers.get('content-type') ?? '').not.toContain('spreadsheetml');
  });
});
