import { describe, expect, it } from 'vitest';
import { User } from '../../entities/index.js';
import { translate } from '../../i18n/index.js';
import { people, useBotService } from './helpers.js';

// Two forms share the offered name's button (`formName`) and /language asks each form's open step again:
// each form owns its steps (bot/views/form-steps.ts), so these paths go through the profile's own handlers.
const svc = useBotService();
const { person } = people(() => svc.h);

describe('the profile edit as a form among forms', () => {
  it("the offered name's button saves the name in a profile edit and shows the profile again", async () => {
    const kate = person({ first_name: 'Kate', last_name: 'Brown', language_code: 'en' });
    await kate.send('/start');
    await kate.press('👤 Profile');
    await kate.press('✏️ Name');
    expect(kate.lastReply()?.text).toBe(translate('en', 'profile.ask_name_offer'));
    await kate.press('Kate Brown');
    expect(kate.lastReply()?.text).toContain('Saved.');
    expect(kate.lastReply()?.text).toContain('Name: Kate Brown');
    const row = await svc.h.service.db.manager.findOneByOrFail(User, { telegramId: kate.id });
    expect(row.fullName).toBe('Kate Brown');
  });

  it('/language in the profile name step: asked again in the new language; in the phone step, with its contact button', async () => {
    const ivan = person({ first_name: 'Ivan', last_name: 'Petrov', language_code: 'en' });
    await ivan.send('/start');
    await ivan.press('👤 Profile');
    await ivan.press('✏️ Name');
    await ivan.send('/language');
    await ivan.press('Русский');
    expect(ivan.lastReply()?.text).toContain(translate('ru', 'language.set'));
    expect(ivan.lastReply()?.text).toContain(translate('ru', 'profile.ask_name_offer'));
    await ivan.send('Иван Петров');
    await ivan.press('✏️ Телефон');
    await ivan.send('/language');
    await ivan.press('English');
    expect(ivan.lastReply()?.text).toBe(translate('en', 'profile.ask_phone'));
    expect(ivan.screen().replyKeyboard?.flat()).toContain(translate('en', 'phone.share'));
  });
});
