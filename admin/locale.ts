import type { LocaleTranslations } from 'adminjs';
import { isMessageKey, translate } from '../i18n/index.js';
import type { DomainError } from '../domain/errors.js';

/** A domain error in the organizer's language, from the one message catalogue. */
export function translateDomainError(error: DomainError, language = 'ru'): string {
  const lang = language === 'en' ? 'en' : 'ru';
  return isMessageKey(error.key) ? translate(lang, error.key, error.params) : error.key;
}

/** The organizer's admin language, as AdminJS detected it for the request. */
export function adminLanguage(context: unknown): 'ru' | 'en' {
  // The browser's language, kept with the session's admin on each request (admin/index.ts).
  const current = (context as { currentAdmin?: { language?: string } } | undefined)?.currentAdmin;
  if (current?.language === 'en' || current?.language === 'ru') return current.language;
  // AdminJS keeps the detected locale on its internal `_admin` of the action context; no public accessor.
  const admin = (context as { _admin?: { locale?: { language?: string } } } | undefined)?._admin;
  return admin?.locale?.language === 'en' ? 'en' : 'ru';
}

type Props = Record<string, string>;

const COMMON_RU: Props = {
  id: 'ID', createdAt: 'Создано', updatedAt: 'Обновлено', competitionId: 'Соревнование', userId: 'Пользователь',
  registrationId: 'Регистрация', status: 'Статус', role: 'Роль', search: 'Поиск (имя, username, телефон)',
};
const COMMON_EN: Props = {
  id: 'ID', createdAt: 'Created', updatedAt: 'Updated', competitionId: 'Competition', userId: 'User',
  registrationId: 'Registration', status: 'Status', role: 'Role', search: 'Search (name, username, phone)',
};

const VALUES_RU: Props = {
  'status.pending': 'на рассмотрении', 'status.approved': 'подтверждена', 'status.waitlisted': 'лист ожидания',
  'status.rejected': 'отклонена', 'status.cancelled': 'отменена', 'status.sent': 'отправлено', 'status.failed': 'ошибка',
  'status.blocked': 'бот заблокирован', 'role.participant': 'участник', 'role.voter': 'голосующий',
  'role.admin': 'администратор', 'role.organizer': 'организатор', 'state.draft': 'черновик', 'state.sending': 'отправляется',
  'state.done': 'отправлена', 'state.cancelled': 'отменена',
  'checkedIn.true': 'на месте', 'checkedIn.false': 'нет',
  'view.all': 'Все', 'view.pending': 'На рассмотрении', 'view.waitlisted': 'Лист ожидания', 'view.approved': 'Подтверждены', 'view.checkedIn': 'На месте',
  ...yesNo('ru'),
  'state.scheduled': 'запланирована', 'status.sending': 'отправляется', 'status.interrupted': 'прервано (неизвестно, дошло ли)',
  'attendance.confirmed': 'придёт', 'attendance.declined': 'не сможет', 'attendance.unanswered': 'без ответа',
};

/** Yes/no columns in words of the admin's language (AdminJS would show "Yes"/"No"). */
function yesNo(lang: 'ru' | 'en'): Props {
  const columns = ['registrationOpen', 'requiresApproval', 'consentGiven', 'isBlocked', 'remindersEnabled'];
  return Object.fromEntries(columns.flatMap((c) => [[`${c}.true`, lang === 'ru' ? 'да' : 'yes'], [`${c}.false`, lang === 'ru' ? 'нет' : 'no']]));
}

/** Enum values are labels in AdminJS (`labels.status.pending`). */
const VALUES_EN: Props = {
  ...Object.fromEntries(Object.keys(VALUES_RU).filter((key) => /^(status|role|state)\./.test(key)).map((key) => [key, key.split('.')[1]])),
  'checkedIn.true': 'present', 'checkedIn.false': 'no',
  'view.all': 'All', 'view.pending': 'Pending', 'view.waitlisted': 'Waiting list', 'view.approved': 'Approved', 'view.checkedIn': 'Present',
  'status.interrupted': 'interrupted (may or may not have arrived)',
  'attendance.confirmed': 'coming', 'attendance.declined': 'can’t come', 'attendance.unanswered': 'no answer',
  ...yesNo('en'),
};

/** Each language by its own name, also as browsers report them (the switcher shows the detected one). */
const LANGUAGE_NAMES: Props = { ru: 'Русский', 'ru-RU': 'Русский', en: 'English', 'en-US': 'English', 'en-GB': 'English' };

function resources(lang: 'ru' | 'en') {
  const ru = lang === 'ru';
  const common = ru ? COMMON_RU : COMMON_EN;
  const r = (properties: Props, actions: Props = {}) => ({ properties: { ...common, ...properties }, actions });
  // A list's page is titled by its section ("Регистрации"), not by the action ("Список").
  const titled = (all: Record<string, { properties: Props; actions: Props }>) =>
    Object.fromEntries(Object.entries(all).map(([id, res]) => [id, { ...res, actions: { list: (ru ? LABELS_RU : LABELS_EN)[id as keyof typeof LABELS_EN] ?? '', ...res.actions } }]));
  return titled({
    User: r(ru
      ? { displayName: 'Имя', telegramId: 'Telegram ID', username: 'Username', firstName: 'Имя в Telegram', lastName: 'Фамилия в Telegram', fullName: 'ФИО', phone: 'Телефон', languageCode: 'Язык Telegram', preferredLanguage: 'Выбранный язык', isBlocked: 'Заблокировал бота', remindersEnabled: 'Напоминания', registrationsLink: 'Регистрации пользователя' }
      : { displayName: 'Name', telegramId: 'Telegram ID', username: 'Username', firstName: 'First name', lastName: 'Last name', fullName: 'Full name', phone: 'Phone', languageCode: 'Telegram language', preferredLanguage: 'Chosen language', isBlocked: 'Blocked the bot', remindersEnabled: 'Reminders', registrationsLink: 'Registrations of this user' }),
    Competition: r(ru
      ? { title: 'Название', description: 'Описание', location: 'Место', startsAt: 'Начало', registrationOpen: 'Регистрация открыта', registrationClosesAt: 'Регистрация до', requiresApproval: 'Нужно подтверждение', maxParticipants: 'Макс. участников', deepLink: 'Ссылка для регистрации', registrationsLink: 'Все заявки', waitlistLink: 'Лист ожидания', exportLink: 'Скачать CSV' }
      : { title: 'Title', description: 'Description', location: 'Location', startsAt: 'Starts at', registrationOpen: 'Registration open', registrationClosesAt: 'Registration closes at', requiresApproval: 'Requires approval', maxParticipants: 'Max participants', deepLink: 'Registration link', registrationsLink: 'All registrations', waitlistLink: 'Waiting list', exportLink: 'Download CSV' },
      ru ? { exportCsv: 'Экспорт CSV', delete: 'Удалить' } : { exportCsv: 'Export CSV', delete: 'Delete' }),
    TimeSlot: r(ru
      ? { label: 'Слот', startsAt: 'Начало', endsAt: 'Конец', capacity: 'Мест', fill: 'Занято' }
      : { label: 'Slot', startsAt: 'Starts at', endsAt: 'Ends at', capacity: 'Capacity', fill: 'Taken' }),
    JuryPanel: r(ru ? { name: 'Название', capacity: 'Мест' } : { name: 'Name', capacity: 'Capacity' }),
    Registration: r(ru
      ? { label: 'Участник', competitionName: 'Соревнование', queuePosition: 'Место в листе ожидания', phone: 'Телефон', statusChangedAt: 'Статус изменён', consentGiven: 'Согласие', checkedIn: 'Приход', checkedInBy: 'Кто отметил приход', timeSlots: 'Слоты', juryPanel: 'Жюри', history: 'История',
          attendance: 'Ответ на напоминание', attendanceConfirmedAt: 'Подтвердил(а) участие', attendanceDeclinedAt: 'Ответил(а) «не смогу»' }
      : { label: 'Person', competitionName: 'Competition', queuePosition: 'Place in the waiting list', phone: 'Phone', statusChangedAt: 'Status changed', consentGiven: 'Consent', checkedIn: 'Checked in', checkedInBy: 'Checked in by', timeSlots: 'Slots', juryPanel: 'Jury panel', history: 'History',
          attendance: 'Reminder answer', attendanceConfirmedAt: 'Confirmed attendance', attendanceDeclinedAt: 'Answered “can’t come”' },
      ru
        ? { approve: 'Подтвердить', reject: 'Отклонить', checkIn: 'Отметить приход', undoCheckIn: 'Снять отметку', reissueTicket: 'Перевыпустить билет', assignPanel: 'Назначить жюри', slots: 'Слоты и жюри', bulkApprove: 'Подтвердить выбранные', bulkReject: 'Отклонить выбранные', bulkCheckIn: 'Отметить приход выбранных', bulkAssignPanel: 'Назначить жюри выбранным' }
        : { approve: 'Approve', reject: 'Reject', checkIn: 'Check in', undoCheckIn: 'Undo check-in', reissueTicket: 'Reissue ticket', assignPanel: 'Assign jury panel', slots: 'Slots and panel', bulkApprove: 'Approve selected', bulkReject: 'Reject selected', bulkCheckIn: 'Check in selected', bulkAssignPanel: 'Assign panel to selected' }),
    VoterTimeSlot: r(ru ? { timeSlotId: 'Слот' } : { timeSlotId: 'Slot' }),
    VoterJuryPanel: r(ru ? { juryPanelId: 'Жюри' } : { juryPanelId: 'Jury panel' }),
    OutboxMessage: r(ru
      ? { kind: 'Тип', payload: 'Данные', text: 'Текст', attempts: 'Попыток', nextAttemptAt: 'Следующая попытка', error: 'Ошибка', sentAt: 'Отправлено' }
      : { kind: 'Kind', payload: 'Payload', text: 'Text', attempts: 'Attempts', nextAttemptAt: 'Next attempt', error: 'Error', sentAt: 'Sent at' },
      ru ? { resend: 'Отправить снова', bulkResend: 'Отправить снова выбранные' } : { resend: 'Resend', bulkResend: 'Resend selected' }),
    Broadcast: r(ru
      ? { text: 'Текст', state: 'Состояние', totalCount: 'Всего', sentCount: 'Отправлено', failedCount: 'Ошибок', blockedCount: 'Заблокировали', startedAt: 'Начата', finishedAt: 'Закончена',
          scheduledAt: 'Отправить в', disableLinkPreview: 'Без предпросмотра ссылок', checkedIn: 'Пришли', attendance: 'Ответ на напоминание' }
      : { text: 'Text', state: 'State', totalCount: 'Total', sentCount: 'Sent', failedCount: 'Failed', blockedCount: 'Blocked', startedAt: 'Started', finishedAt: 'Finished',
          scheduledAt: 'Send at', disableLinkPreview: 'No link preview', checkedIn: 'Checked in', attendance: 'Reminder answer' },
      ru
        ? { send: 'Отправить сейчас', schedule: 'Запланировать', cancelBroadcast: 'Отменить рассылку', retryFailed: 'Повторить неудавшиеся', progress: 'Ход рассылки' }
        : { send: 'Send now', schedule: 'Schedule', cancelBroadcast: 'Cancel broadcast', retryFailed: 'Retry failed', progress: 'Progress' }),
    BroadcastDelivery: r(ru ? { broadcastId: 'Рассылка', error: 'Ошибка', sentAt: 'Отправлено' } : { broadcastId: 'Broadcast', error: 'Error', sentAt: 'Sent at' }),
    AdminUser: r(ru ? { email: 'E-mail', newPassword: 'Новый пароль' } : { email: 'E-mail', newPassword: 'New password' },
      ru ? { resetPassword: 'Сменить пароль' } : { resetPassword: 'Reset password' }),
    AdminAudit: r(ru
      ? { adminUserId: 'Кто', action: 'Действие', resource: 'Таблица', recordId: 'Запись', changes: 'Изменения (до → после)', createdAt: 'Когда', sentence: 'Что сделано', adminName: 'Кто' }
      : { adminUserId: 'Who', action: 'Action', resource: 'Table', recordId: 'Record', changes: 'Changes (before → after)', createdAt: 'When', sentence: 'What was done', adminName: 'Who' }),
  });
}

const LABELS_RU = {
  User: 'Пользователи', Competition: 'Соревнования', TimeSlot: 'Слоты голосования', JuryPanel: 'Жюри', Registration: 'Регистрации',
  VoterTimeSlot: 'Выбор слотов', VoterJuryPanel: 'Состав жюри', OutboxMessage: 'Уведомления', Broadcast: 'Рассылки',
  BroadcastDelivery: 'Доставка рассылок', AdminUser: 'Администраторы', AdminAudit: 'Журнал действий',
  navigation: 'Навигация', pages: 'Страницы', selectedRecords: 'Выбрано ({{selected}})', filters: 'Фильтры', dashboard: 'Сводка',
  event: 'Мероприятия', people: 'Люди', messages: 'Сообщения', access: 'Доступ', changePassword: 'Смена пароля',
};
const LABELS_EN = {
  User: 'Users', Competition: 'Competitions', TimeSlot: 'Voting slots', JuryPanel: 'Jury panels', Registration: 'Registrations',
  VoterTimeSlot: 'Voter slots', VoterJuryPanel: 'Voter panels', OutboxMessage: 'Notifications', Broadcast: 'Broadcasts',
  BroadcastDelivery: 'Broadcast deliveries', AdminUser: 'Admin users', AdminAudit: 'Audit log', dashboard: 'Dashboard',
  event: 'Events', people: 'People', messages: 'Messages', access: 'Access', changePassword: 'Change password',
};

const MESSAGES_RU = {
  pageNotFound_title: 'Страница не найдена', pageNotFound_subtitle: 'Страницы <strong>«{{pageName}}»</strong> нет',
  successfullyBulkDeleted: 'Удалена {{count}} запись', successfullyBulkDeleted_plural: 'Удалено записей: {{count}}',
  successfullyDeleted: 'Запись удалена', successfullyUpdated: 'Изменения сохранены', thereWereValidationErrors: 'Есть ошибки — проверьте поля ниже',
  forbiddenError: 'Действие {{actionName}} для {{resourceId}} недоступно', anyForbiddenError: 'Это действие недоступно',
  successfullyCreated: 'Запись создана', noRecordsSelected: 'Ничего не выбрано', theseRecordsWillBeRemoved: 'Будет удалена запись',
  theseRecordsWillBeRemoved_plural: 'Будут удалены записи', noRecordsInResource: 'Записей пока нет', noRecords: 'Нет записей',
  confirmDelete: 'Удалить эту запись?', invalidCredentials: 'Неверный e-mail или пароль',
  tooManyLoginAttempts: 'Слишком много попыток входа. Подождите несколько минут и попробуйте снова.',
  loginBusy: 'Сервер сейчас занят. Попробуйте войти ещё раз через несколько секунд.',
  error404Record: 'Запись {{recordId}} не найдена или недоступна', error404Resource: 'Раздел {{resourceId}} не найден',
  error404Action: 'Действие {{actionName}} недоступно', errorFetchingRecords: 'Не удалось загрузить записи', errorFetchingRecord: 'Не удалось загрузить запись',
  confirmCompetitionDelete: 'Удалить соревнование? Вместе с ним будут удалены ВСЕ его регистрации, слоты и жюри.',
  confirmSlotDelete: 'Удалить слот? Выбор этого слота у голосующих тоже будет удалён.',
  confirmPanelDelete: 'Удалить жюри? Назначения голосующих в это жюри тоже будут удалены.',
  confirmReject: 'Отклонить заявку — {{name}}?',
  confirmReject_hint: 'Пользователь получит уведомление (с причиной, если она указана) и не сможет зарегистрироваться снова.',
  confirmReject_button: 'Отклонить заявку',
  confirmBulkReject: 'Отклонить выбранные заявки ({{count}})?', confirmBulkReject_hint: 'Пользователи получат уведомления (с причиной, если она указана).',
  confirmBulkReject_button: 'Отклонить заявки',
  confirmApprove: 'Подтвердить заявку — {{name}}?', confirmApprove_hint: 'Пользователь получит уведомление.', confirmApprove_button: 'Подтвердить заявку',
  confirmBulkApprove: 'Подтвердить выбранные заявки ({{count}})?', confirmBulkApprove_hint: 'Пользователи получат уведомления.', confirmBulkApprove_button: 'Подтвердить заявки',
  confirmCheckIn: 'Отметить приход — {{name}}?', confirmCheckIn_button: 'Отметить приход',
  confirmBulkCheckIn: 'Отметить приход выбранных ({{count}})?', confirmBulkCheckIn_button: 'Отметить приход',
  confirmUndoCheckIn: 'Снять отметку о приходе — {{name}}?', confirmUndoCheckIn_button: 'Снять отметку',
  selectAny: 'Любое', selectOne: 'Выберите…', selectNone: 'Не выбрано', noOptions: 'Ничего не найдено',
  reasonLabel: 'Причина (её получит пользователь; можно не указывать)', searchPeople: 'Поиск: имя, @username или телефон',
  copyLink: 'Скопировать', linkCopied: 'Скопировано', printQr: 'Распечатать QR-код',
  doneRejected_promoted: 'Отклонено: {{count}}. Из листа ожидания переведены: {{promoted}}',
  doneApproved_promoted: 'Подтверждено: {{count}}. Из листа ожидания переведены: {{promoted}}',
  doneCheckedIn_promoted: 'Отмечено: {{count}}', donePanel_promoted: 'Назначено: {{count}}',
  dashboard_door: 'Пришли: {{checkedIn}} из {{expected}}', dashboard_attendance: 'Ответы на напоминание: придут {{confirmed}} · не смогут {{declined}} · без ответа {{unanswered}}', dashboard_failed: 'Не удалось загрузить сводку. Обновите страницу.', dashboard_none: 'Нет открытых соревнований.',
  dashboard_ofCapacity: '{{taken}} из {{capacity}}', dashboard_places: 'мест занято', dashboard_placesNoLimit: 'участников (без лимита)',
  dashboard_pending: 'ждут подтверждения', dashboard_waitlisted: 'в листе ожидания', dashboard_checkedIn: 'пришли из подтверждённых',
  dashboard_voters: 'голосующих', dashboard_slots: 'Слоты голосования', dashboard_perDay: 'Регистрации за 14 дней', dashboard_pendingLink: 'Ждут подтверждения: {{count}} →',
  timeFormat: 'Введите дату и время как ДД.ММ.ГГГГ ЧЧ:ММ, например 20.03.2027 11:00', timeNoSuch: 'Такой даты нет: {{value}}',
  confirmReissueTicket: 'Перевыпустить билет? Старый QR-код перестанет действовать, новый придёт по кнопке «🎫 Билет» в боте.', confirmReissueTicket_button: 'Перевыпустить', doneReissued: 'Билет перевыпущен: {{count}}',
  confirmSend_one: 'Отправить {{count}} получателю?', confirmSend_few: 'Отправить {{count}} получателям?', confirmSend_many: 'Отправить {{count}} получателям?',
  confirmSend_other: 'Отправить {{count}} получателям?', confirmSend_button: 'Отправить',
  confirmSchedule_one: 'Запланировать рассылку? Сейчас в аудитории {{count}} получатель (состав возьмётся в момент отправки).',
  confirmSchedule_few: 'Запланировать рассылку? Сейчас в аудитории {{count}} получателя (состав возьмётся в момент отправки).',
  confirmSchedule_many: 'Запланировать рассылку? Сейчас в аудитории {{count}} получателей (состав возьмётся в момент отправки).',
  confirmSchedule_other: 'Запланировать рассылку? Сейчас в аудитории {{count}} получателей (состав возьмётся в момент отправки).', confirmSchedule_button: 'Запланировать',
  confirmCancelBroadcast: 'Отменить рассылку? Неотправленные сообщения не уйдут.', confirmCancelBroadcast_button: 'Отменить рассылку',
  confirmRetryFailed: 'Повторить неудавшиеся доставки ({{count}})? Уже доставленные не повторяются.', confirmRetryFailed_button: 'Повторить',
  confirmResend: 'Отправить уведомления снова ({{count}})? Они могли дойти: получатель может увидеть их дважды.', confirmResend_button: 'Отправить снова',
  broadcastScheduled: 'Рассылка запланирована', broadcastCancelled: 'Рассылка отменена', broadcastRetried: 'Неудавшиеся отправляются снова', resent: 'Отправлено снова: {{count}}',
  broadcastState: 'Рассылка: {{state}}', broadcastState_draft: 'черновик', broadcastState_scheduled: 'запланирована', broadcastState_sending: 'отправляется',
  broadcastState_done: 'отправлена', broadcastState_cancelled: 'отменена', broadcastScheduledAt: 'Отправка: {{at}}', broadcastPreview: 'Так увидит получатель:',
  progressSent: 'Доставлено', progressFailed: 'Ошибки', progressBlocked: 'Заблокировали бота', progressPending: 'В очереди', progressCancelled: 'Отменено',
  progressRate: 'Скорость', progressEta: 'Окончание ≈',
  nothingToDo: 'Здесь нечего делать.',
  doneApproved: 'Подтверждено: {{count}}', doneRejected: 'Отклонено: {{count}}', doneCheckedIn: 'Отмечено: {{count}}', donePanel: 'Назначено: {{count}}',
  doneWithErrors: 'Готово: {{count}}. Не получилось: {{failed}} — {{reason}}', broadcastStarted: 'Рассылка запущена',
  passwordChanged: 'Пароль изменён', domainError: '{{reason}}', passwordMismatch: 'Пароли не совпадают', wrongCurrentPassword: 'Текущий пароль неверен',
};
const MESSAGES_EN = {
  tooManyLoginAttempts: 'Too many login attempts. Wait a few minutes and try again.',
  loginBusy: 'The server is busy right now. Try to log in again in a few seconds.',
  confirmCompetitionDelete: 'Delete the competition? ALL its registrations, slots and jury panels are deleted with it.',
  confirmSlotDelete: 'Delete the slot? Voters\' choices of this slot are deleted too.',
  confirmPanelDelete: 'Delete the jury panel? Voters\' assignments to it are deleted too.',
  confirmReject: 'Reject the application of {{name}}?', confirmReject_hint: 'The user is notified (with the reason, if given) and cannot register again.',
  confirmReject_button: 'Reject',
  confirmBulkReject: 'Reject the selected applications ({{count}})?', confirmBulkReject_hint: 'The users are notified (with the reason, if given).',
  selectAny: 'Any', selectOne: 'Choose…', selectNone: 'Not chosen', noOptions: 'Nothing found',
  reasonLabel: 'Reason (sent to the user; optional)', searchPeople: 'Search: name, @username or phone',
  copyLink: 'Copy', linkCopied: 'Copied', printQr: 'Print the QR code',
  doneRejected_promoted: 'Rejected: {{count}}. Moved up from the waiting list: {{promoted}}',
  doneApproved_promoted: 'Approved: {{count}}. Moved up from the waiting list: {{promoted}}',
  doneCheckedIn_promoted: 'Checked in: {{count}}', donePanel_promoted: 'Assigned: {{count}}',
  dashboard_door: 'Checked in: {{checkedIn}} of {{expected}}', dashboard_attendance: 'Reminder answers: coming {{confirmed}} · declined {{declined}} · no answer {{unanswered}}', dashboard_failed: 'Could not load the dashboard. Reload the page.', dashboard_none: 'No open competitions.',
  dashboard_ofCapacity: '{{taken}} of {{capacity}}', dashboard_places: 'places taken', dashboard_placesNoLimit: 'participants (no limit)',
  dashboard_pending: 'pending approval', dashboard_waitlisted: 'on the waiting list', dashboard_checkedIn: 'checked in of approved',
  dashboard_voters: 'voters', dashboard_slots: 'Voting slots', dashboard_perDay: 'Registrations, last 14 days', dashboard_pendingLink: 'Pending approval: {{count}} →',
  timeFormat: 'Type the date and time as DD.MM.YYYY HH:mm, e.g. 20.03.2027 11:00', timeNoSuch: 'No such date: {{value}}',
  confirmBulkReject_button: 'Reject',
  confirmApprove: 'Approve the application of {{name}}?', confirmApprove_hint: 'The user is notified.', confirmApprove_button: 'Approve',
  confirmBulkApprove: 'Approve the selected applications ({{count}})?', confirmBulkApprove_hint: 'The users are notified.', confirmBulkApprove_button: 'Approve',
  confirmCheckIn: 'Check in {{name}}?', confirmCheckIn_button: 'Check in',
  confirmBulkCheckIn: 'Check in the selected people ({{count}})?', confirmBulkCheckIn_button: 'Check in',
  confirmUndoCheckIn: 'Undo the check-in of {{name}}?', confirmUndoCheckIn_button: 'Undo check-in',
  confirmReissueTicket: 'Reissue the ticket? The old QR code stops working; the person gets the new one from “🎫 Ticket” in the bot.', confirmReissueTicket_button: 'Reissue', doneReissued: 'Tickets reissued: {{count}}',
  confirmSend_one: 'Send to {{count}} recipient?', confirmSend_other: 'Send to {{count}} recipients?', confirmSend_button: 'Send',
  confirmSchedule_one: 'Schedule the broadcast? The audience has {{count}} recipient now (it is taken when sending starts).',
  confirmSchedule_other: 'Schedule the broadcast? The audience has {{count}} recipients now (it is taken when sending starts).', confirmSchedule_button: 'Schedule',
  confirmCancelBroadcast: 'Cancel the broadcast? Messages not sent yet will not go.', confirmCancelBroadcast_button: 'Cancel broadcast',
  confirmRetryFailed: 'Retry the failed deliveries ({{count}})? Delivered ones are never repeated.', confirmRetryFailed_button: 'Retry',
  confirmResend: 'Send the notifications again ({{count}})? They may have arrived: the user may see them twice.', confirmResend_button: 'Resend',
  broadcastScheduled: 'The broadcast is scheduled', broadcastCancelled: 'The broadcast is cancelled', broadcastRetried: 'The failed ones are being sent again', resent: 'Resent: {{count}}',
  broadcastState: 'Broadcast: {{state}}', broadcastState_draft: 'draft', broadcastState_scheduled: 'scheduled', broadcastState_sending: 'sending',
  broadcastState_done: 'sent', broadcastState_cancelled: 'cancelled', broadcastScheduledAt: 'Sending at: {{at}}', broadcastPreview: 'What the recipient sees:',
  progressSent: 'Delivered', progressFailed: 'Failed', progressBlocked: 'Blocked the bot', progressPending: 'Queued', progressCancelled: 'Cancelled',
  progressRate: 'Rate', progressEta: 'Ends ≈',
  nothingToDo: 'Nothing to do here.',
  doneApproved: 'Approved: {{count}}', doneRejected: 'Rejected: {{count}}', doneCheckedIn: 'Checked in: {{count}}', donePanel: 'Assigned: {{count}}',
  doneWithErrors: 'Done: {{count}}. Failed: {{failed}} — {{reason}}', broadcastStarted: 'The broadcast is being sent',
  passwordChanged: 'Password changed', domainError: '{{reason}}', passwordMismatch: 'The passwords do not match', wrongCurrentPassword: 'The current password is wrong',
};

/**
 * Our actions' names also at the top level: AdminJS's breadcrumbs translate the action without its resource
 * (they would say "Reject", "Export Csv", "Bulk Assign Panel").
 */
function ownActions(lang: 'ru' | 'en'): Props {
  const all: Props = {};
  for (const resource of Object.values(resources(lang))) {
    for (const [name, label] of Object.entries(resource.actions)) if (name !== 'list' && !(name in all)) all[name] = label;
  }
  return all;
}

export const TRANSLATIONS: Record<string, LocaleTranslations> = {
  ru: {
    actions: { new: 'Создать', edit: 'Изменить', show: 'Открыть', delete: 'Удалить', bulkDelete: 'Удалить выбранные', list: 'Список', search: 'Поиск', ...ownActions('ru') },
    buttons: {
      save: 'Сохранить', addNewItem: 'Добавить', filter: 'Фильтр', filterActive: 'Фильтр ({{count}})', applyChanges: 'Применить',
      resetFilter: 'Сбросить', confirmRemovalMany: 'Подтвердите удаление {{count}} записи', confirmRemovalMany_plural: 'Подтвердите удаление {{count}} записей',
      logout: 'Выйти', login: 'Войти', createFirstRecord: 'Создать первую запись', cancel: 'Отмена', confirm: 'Подтвердить',
    },
    components: {
      LanguageSelector: { availableLanguages: LANGUAGE_NAMES },
      Login: { welcomeHeader: 'Добро пожаловать', welcomeMessage: 'в панель организаторов соревнований', properties: { email: 'E-mail', password: 'Пароль' }, loginButton: 'Войти' },
    },
    labels: { ...LABELS_RU, ...VALUES_RU },
    properties: { length: 'Количество', from: 'С', to: 'По' },
    messages: MESSAGES_RU,
    pages: { changePassword: 'Смена пароля' },
    resources: resources('ru'),
  },
  en: {
    actions: ownActions('en'),
    components: {
      LanguageSelector: { availableLanguages: LANGUAGE_NAMES },
      Login: { welcomeHeader: 'Welcome', welcomeMessage: 'to the competition organizers\' admin', properties: { email: 'E-mail', password: 'Password' }, loginButton: 'Login' },
    },
    labels: { ...LABELS_EN, ...VALUES_EN },
    messages: MESSAGES_EN,
    pages: { changePassword: 'Change password' },
    resources: resources('en'),
  },
};

/** A message of the admin's own catalogue (above) in `language`, `{{name}}` filled in: for texts made on the server. */
export function translateAdmin(language: string, key: string, values: Record<string, string | number> = {}): string {
  const messages: Record<string, string> = language === 'en' ? { ...MESSAGES_RU, ...MESSAGES_EN } : MESSAGES_RU;
  return (messages[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** An enum value's label (`status.pending`, `role.voter`) in `language`. */
export function valueLabel(language: 'ru' | 'en', key: string): string {
  return (language === 'en' ? VALUES_EN : VALUES_RU)[key] ?? key.split('.')[1] ?? key;
}
