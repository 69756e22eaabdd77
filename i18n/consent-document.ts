/**
 * The consent document's built-in text (version 1), Russian and English. `{operator}`, `{contact}` and `{days}`
 * are filled in when it is shown (PRIVACY_OPERATOR, PRIVACY_CONTACT, RETENTION_DAYS); an admin's edited text
 * (a new version) may use them too. Paragraphs are separated by a blank line; a line starting with "- " is a list item.
 */
export const DEFAULT_CONSENT_DOCUMENT = {
  ru: `Согласие на обработку персональных данных

Регистрируясь на соревнование через бота, я даю согласие оператору — {operator} — на обработку моих персональных данных на следующих условиях.

Цели: регистрация на соревнование, связь со мной о нём (подтверждение, напоминания, изменения), пропуск на входе и учёт участия.

Данные:
- имя и фамилия;
- номер телефона;
- идентификатор и имя пользователя (username) в Telegram;
- ответы на вопросы, которые задаёт соревнование.

Действия: сбор, запись, хранение, уточнение, использование, передача организаторам соревнования, удаление. Данные не передаются третьим лицам и не публикуются.

Срок: до окончания срока хранения после завершения соревнования — {days} дн., если организатор не установил другой срок; затем данные удаляются автоматически.

Отзыв согласия: в любой момент в боте — «👤 Профиль» → «📄 Мои данные» → отозвать согласие. Регистрации отменяются, данные удаляются; запись о согласии остаётся без персональных данных как доказательство.

Вопросы об обработке данных: {contact}.`,
  en: `Consent to the processing of personal data

By registering for a competition through the bot, I consent to the operator — {operator} — processing my personal data on the following terms.

Purposes: registration for the competition, contacting me about it (confirmation, reminders, changes), the entry ticket and the record of attendance.

Data:
- first and last name;
- phone number;
- Telegram id and username;
- answers to the questions the competition asks.

Actions: collection, recording, storage, correction, use, transfer to the competition's organizers, deletion. The data is not passed to third parties and is not published.

Term: until the retention period after the competition's end — {days} days unless the organizer set another — has passed; then the data is deleted automatically.

Withdrawal: at any time in the bot — "👤 Profile" → "📄 My data" → withdraw consent. Registrations are cancelled and the data deleted; the consent record stays, without personal data, as proof.

Questions about the processing: {contact}.`,
} as const;

/** What version 0 stands for: consents given before the document was versioned (the one-line question). */
export const BEFORE_VERSIONING = {
  ru: 'Версия 0: согласие дано до появления версий документа — на вопрос «Даёте согласие на обработку персональных данных для регистрации?».',
  en: 'Version 0: consent given before the document had versions — to the question "Do you consent to the processing of personal data for registration?".',
} as const;
