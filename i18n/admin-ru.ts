/**
 * The admin's texts in Russian, the default language. AdminJS reads them by section (see admin/locale.ts);
 * `{{name}}` is a value filled in, `_one/_few/_many/_other` and `_plural` are i18next's plural forms.
 * The English catalogue (admin-en.ts) is typed by this one: a key missing there fails the type check.
 */
export const adminRu = {
  /** Sections, navigation groups and pages of the menu. */
  names: {
    User: 'Пользователи', Competition: 'Соревнования', TimeSlot: 'Слоты голосования', JuryPanel: 'Жюри', Registration: 'Регистрации',
    VoterTimeSlot: 'Выбор слотов', VoterJuryPanel: 'Состав жюри', OutboxMessage: 'Уведомления', Broadcast: 'Рассылки',
    BroadcastDelivery: 'Доставка рассылок', AdminUser: 'Администраторы', AdminAudit: 'Журнал действий', navigation: 'Навигация', pages: 'Страницы',
    selectedRecords: 'Выбрано ({{selected}})', filters: 'Фильтры', dashboard: 'Сводка', event: 'Мероприятия', people: 'Люди', messages: 'Сообщения',
    access: 'Доступ', changePassword: 'Смена пароля',
  },
  /** Values of enumerations as they are shown (`status.pending`), AdminJS's `labels` too. */
  values: {
    'status.pending': 'на рассмотрении', 'status.approved': 'подтверждена', 'status.waitlisted': 'лист ожидания', 'status.rejected': 'отклонена',
    'status.cancelled': 'отменена', 'status.sent': 'отправлено', 'status.failed': 'ошибка', 'status.blocked': 'бот заблокирован',
    'role.participant': 'участник', 'role.voter': 'голосующий', 'role.admin': 'администратор', 'role.organizer': 'организатор',
    'state.draft': 'черновик', 'state.sending': 'отправляется', 'state.done': 'отправлена', 'state.cancelled': 'отменена',
    'checkedIn.true': 'на месте', 'checkedIn.false': 'нет', 'view.all': 'Все', 'view.pending': 'На рассмотрении', 'view.waitlisted': 'Лист ожидания',
    'view.approved': 'Подтверждены', 'view.checkedIn': 'На месте', 'state.scheduled': 'запланирована', 'status.sending': 'отправляется',
    'status.interrupted': 'прервано (неизвестно, дошло ли)', 'attendance.confirmed': 'придёт', 'attendance.declined': 'не сможет',
    'attendance.unanswered': 'без ответа',
  },
  /** Yes and no, for the yes/no columns. */
  yesNo: { yes: 'да', no: 'нет' },
  /** Columns every section shares. */
  commonProperties: {
    id: 'ID', createdAt: 'Создано', updatedAt: 'Обновлено', competitionId: 'Соревнование', userId: 'Пользователь', registrationId: 'Регистрация',
    status: 'Статус', role: 'Роль', search: 'Поиск (имя, username, телефон)',
  },
  resources: {
    User: {
      properties: {
        displayName: 'Имя', telegramId: 'Telegram ID', username: 'Username', firstName: 'Имя в Telegram', lastName: 'Фамилия в Telegram',
        fullName: 'ФИО', phone: 'Телефон', languageCode: 'Язык Telegram', preferredLanguage: 'Выбранный язык', isBlocked: 'Заблокировал бота',
        remindersEnabled: 'Напоминания', registrationsLink: 'Регистрации пользователя',
      },
      actions: {},
    },
    Competition: {
      properties: {
        title: 'Название', description: 'Описание', location: 'Место', startsAt: 'Начало', registrationOpen: 'Регистрация открыта',
        registrationClosesAt: 'Регистрация до', requiresApproval: 'Нужно подтверждение', maxParticipants: 'Макс. участников',
        deepLink: 'Ссылка для регистрации', registrationsLink: 'Все заявки', waitlistLink: 'Лист ожидания', exportLink: 'Скачать CSV',
      },
      actions: {
        exportCsv: 'Экспорт CSV',
      },
    },
    TimeSlot: {
      properties: {
        label: 'Слот', startsAt: 'Начало', endsAt: 'Конец', capacity: 'Мест', fill: 'Занято',
      },
      actions: {},
    },
    JuryPanel: {
      properties: {
        name: 'Название', capacity: 'Мест',
      },
      actions: {},
    },
    Registration: {
      properties: {
        label: 'Участник', competitionName: 'Соревнование', queuePosition: 'Место в листе ожидания', phone: 'Телефон',
        statusChangedAt: 'Статус изменён', consentGiven: 'Согласие', checkedIn: 'Приход', checkedInBy: 'Кто отметил приход', timeSlots: 'Слоты',
        juryPanel: 'Жюри', history: 'История', attendance: 'Ответ на напоминание', attendanceConfirmedAt: 'Подтвердил(а) участие',
        attendanceDeclinedAt: 'Ответил(а) «не смогу»',
      },
      actions: {
        approve: 'Подтвердить', reject: 'Отклонить', checkIn: 'Отметить приход', undoCheckIn: 'Снять отметку', reissueTicket: 'Перевыпустить билет',
        assignPanel: 'Назначить жюри', bulkApprove: 'Подтвердить выбранные', bulkReject: 'Отклонить выбранные',
        bulkCheckIn: 'Отметить приход выбранных', bulkAssignPanel: 'Назначить жюри выбранным',
      },
    },
    VoterTimeSlot: {
      properties: {
        timeSlotId: 'Слот',
      },
      actions: {},
    },
    VoterJuryPanel: {
      properties: {
        juryPanelId: 'Жюри',
      },
      actions: {},
    },
    OutboxMessage: {
      properties: {
        kind: 'Тип', payload: 'Данные', text: 'Текст', attempts: 'Попыток', nextAttemptAt: 'Следующая попытка', error: 'Ошибка', sentAt: 'Отправлено',
      },
      actions: {
        resend: 'Отправить снова', bulkResend: 'Отправить снова выбранные',
      },
    },
    Broadcast: {
      properties: {
        text: 'Текст', state: 'Состояние', totalCount: 'Всего', sentCount: 'Отправлено', failedCount: 'Ошибок', blockedCount: 'Заблокировали',
        startedAt: 'Начата', finishedAt: 'Закончена', scheduledAt: 'Отправить в', disableLinkPreview: 'Без предпросмотра ссылок', checkedIn: 'Пришли',
        attendance: 'Ответ на напоминание',
      },
      actions: {
        send: 'Отправить сейчас', schedule: 'Запланировать', cancelBroadcast: 'Отменить рассылку', retryFailed: 'Повторить неудавшиеся',
        progress: 'Ход рассылки',
      },
    },
    BroadcastDelivery: {
      properties: {
        broadcastId: 'Рассылка', error: 'Ошибка', sentAt: 'Отправлено',
      },
      actions: {},
    },
    AdminUser: {
      properties: {
        email: 'E-mail', newPassword: 'Новый пароль',
      },
      actions: {},
    },
    AdminAudit: {
      properties: {
        createdAt: 'Когда', adminUserId: 'Кто', action: 'Действие', resource: 'Таблица', recordId: 'Запись', changes: 'Изменения (до → после)',
        sentence: 'Что сделано', adminName: 'Кто',
      },
      actions: {},
    },
  },
  /** AdminJS's own actions. */
  actions: {
    new: 'Создать', edit: 'Изменить', show: 'Открыть', delete: 'Удалить', bulkDelete: 'Удалить выбранные', list: 'Список', search: 'Поиск',
  },
  buttons: {
    save: 'Сохранить', addNewItem: 'Добавить', filter: 'Фильтр', filterActive: 'Фильтр ({{count}})', applyChanges: 'Применить',
    resetFilter: 'Сбросить', confirmRemovalMany: 'Подтвердите удаление {{count}} записи',
    confirmRemovalMany_plural: 'Подтвердите удаление {{count}} записей', logout: 'Выйти', login: 'Войти', createFirstRecord: 'Создать первую запись',
    cancel: 'Отмена', confirm: 'Подтвердить',
  },
  login: {
    welcomeHeader: 'Добро пожаловать', welcomeMessage: 'в панель организаторов соревнований', email: 'E-mail', password: 'Пароль',
    loginButton: 'Войти',
  },
  /** Words of AdminJS's filters and arrays. */
  properties: {
    length: 'Количество', from: 'С', to: 'По',
  },
  messages: {
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
    error404Action: 'Действие {{actionName}} недоступно', errorFetchingRecords: 'Не удалось загрузить записи',
    errorFetchingRecord: 'Не удалось загрузить запись',
    confirmCompetitionDelete: 'Удалить соревнование? Вместе с ним будут удалены ВСЕ его регистрации, слоты и жюри.',
    confirmSlotDelete: 'Удалить слот? Выбор этого слота у голосующих тоже будет удалён.',
    confirmPanelDelete: 'Удалить жюри? Назначения голосующих в это жюри тоже будут удалены.', confirmReject: 'Отклонить заявку — {{name}}?',
    confirmReject_hint: 'Пользователь получит уведомление (с причиной, если она указана) и не сможет зарегистрироваться снова.',
    confirmReject_button: 'Отклонить заявку', confirmBulkReject: 'Отклонить выбранные заявки ({{count}})?',
    confirmBulkReject_hint: 'Пользователи получат уведомления (с причиной, если она указана).', confirmBulkReject_button: 'Отклонить заявки',
    confirmApprove: 'Подтвердить заявку — {{name}}?', confirmApprove_hint: 'Пользователь получит уведомление.',
    confirmApprove_button: 'Подтвердить заявку', confirmBulkApprove: 'Подтвердить выбранные заявки ({{count}})?',
    confirmBulkApprove_hint: 'Пользователи получат уведомления.', confirmBulkApprove_button: 'Подтвердить заявки',
    confirmCheckIn: 'Отметить приход — {{name}}?', confirmCheckIn_button: 'Отметить приход',
    confirmBulkCheckIn: 'Отметить приход выбранных ({{count}})?', confirmBulkCheckIn_button: 'Отметить приход',
    confirmUndoCheckIn: 'Снять отметку о приходе — {{name}}?', confirmUndoCheckIn_button: 'Снять отметку', selectAny: 'Любое', selectOne: 'Выберите…',
    selectNone: 'Не выбрано', noOptions: 'Ничего не найдено', reasonLabel: 'Причина (её получит пользователь; можно не указывать)',
    searchPeople: 'Поиск: имя, @username или телефон', copyLink: 'Скопировать', linkCopied: 'Скопировано', printQr: 'Распечатать QR-код',
    doneRejected_promoted: 'Отклонено: {{count}}. Из листа ожидания переведены: {{promoted}}',
    doneApproved_promoted: 'Подтверждено: {{count}}. Из листа ожидания переведены: {{promoted}}', doneCheckedIn_promoted: 'Отмечено: {{count}}',
    donePanel_promoted: 'Назначено: {{count}}', dashboard_door: 'Пришли: {{checkedIn}} из {{expected}}',
    dashboard_attendance: 'Ответы на напоминание: придут {{confirmed}} · не смогут {{declined}} · без ответа {{unanswered}}',
    dashboard_failed: 'Не удалось загрузить сводку. Обновите страницу.', dashboard_none: 'Нет открытых соревнований.',
    dashboard_ofCapacity: '{{taken}} из {{capacity}}', dashboard_places: 'мест занято', dashboard_placesNoLimit: 'участников (без лимита)',
    dashboard_pending: 'ждут подтверждения', dashboard_waitlisted: 'в листе ожидания', dashboard_checkedIn: 'пришли из подтверждённых',
    dashboard_voters: 'голосующих', dashboard_slots: 'Слоты голосования', dashboard_perDay: 'Регистрации за 14 дней',
    dashboard_pendingLink: 'Ждут подтверждения: {{count}} →', timeFormat: 'Введите дату и время как ДД.ММ.ГГГГ ЧЧ:ММ, например 20.03.2027 11:00',
    timeNoSuch: 'Такой даты нет: {{value}}',
    confirmReissueTicket: 'Перевыпустить билет? Старый QR-код перестанет действовать, новый придёт по кнопке «🎫 Билет» в боте.',
    confirmReissueTicket_button: 'Перевыпустить', doneReissued: 'Билет перевыпущен: {{count}}', confirmSend_one: 'Отправить {{count}} получателю?',
    confirmSend_few: 'Отправить {{count}} получателям?', confirmSend_many: 'Отправить {{count}} получателям?',
    confirmSend_other: 'Отправить {{count}} получателям?', confirmSend_button: 'Отправить',
    confirmSchedule_one: 'Запланировать рассылку? Сейчас в аудитории {{count}} получатель (состав возьмётся в момент отправки).',
    confirmSchedule_few: 'Запланировать рассылку? Сейчас в аудитории {{count}} получателя (состав возьмётся в момент отправки).',
    confirmSchedule_many: 'Запланировать рассылку? Сейчас в аудитории {{count}} получателей (состав возьмётся в момент отправки).',
    confirmSchedule_other: 'Запланировать рассылку? Сейчас в аудитории {{count}} получателей (состав возьмётся в момент отправки).',
    confirmSchedule_button: 'Запланировать', confirmCancelBroadcast: 'Отменить рассылку? Неотправленные сообщения не уйдут.',
    confirmCancelBroadcast_button: 'Отменить рассылку',
    confirmRetryFailed: 'Повторить неудавшиеся доставки ({{count}})? Уже доставленные не повторяются.', confirmRetryFailed_button: 'Повторить',
    confirmResend: 'Отправить уведомления снова ({{count}})? Они могли дойти: получатель может увидеть их дважды.',
    confirmResend_button: 'Отправить снова', broadcastScheduled: 'Рассылка запланирована', broadcastCancelled: 'Рассылка отменена',
    broadcastRetried: 'Неудавшиеся отправляются снова', resent: 'Отправлено снова: {{count}}', broadcastState: 'Рассылка: {{state}}',
    broadcastState_draft: 'черновик', broadcastState_scheduled: 'запланирована', broadcastState_sending: 'отправляется',
    broadcastState_done: 'отправлена', broadcastState_cancelled: 'отменена', broadcastScheduledAt: 'Отправка: {{at}}',
    broadcastPreview: 'Так увидит получатель:', progressSent: 'Доставлено', progressFailed: 'Ошибки', progressBlocked: 'Заблокировали бота',
    progressPending: 'В очереди', progressCancelled: 'Отменено', progressRate: 'Скорость', progressEta: 'Окончание ≈',
    nothingToDo: 'Здесь нечего делать.', doneApproved: 'Подтверждено: {{count}}', doneRejected: 'Отклонено: {{count}}',
    doneCheckedIn: 'Отмечено: {{count}}', donePanel: 'Назначено: {{count}}',
    doneWithErrors: 'Готово: {{count}}. Не получилось: {{failed}} — {{reason}}', broadcastStarted: 'Рассылка запущена',
    passwordChanged: 'Пароль изменён', domainError: '{{reason}}', passwordMismatch: 'Пароли не совпадают',
    wrongCurrentPassword: 'Текущий пароль неверен',
  },
  /** The CSV export: column headers and the file name's word. */
  csv: {
    headers: {
      registration_id: 'Номер заявки', status: 'Статус', waitlist_position: 'Место в листе ожидания', role: 'Роль', checked_in: 'Пришёл(ла)',
      consent_given: 'Согласие на обработку данных', registered_at: 'Зарегистрирован(а)', status_changed_at: 'Статус изменён', telegram_id: 'Telegram ID',
      username: 'Username', first_name: 'Имя в Telegram', last_name: 'Фамилия в Telegram', full_name: 'ФИО', phone: 'Телефон', language: 'Язык',
      time_slots: 'Слоты голосования', jury_panel: 'Жюри', attendance: 'Ответ на напоминание',
    },
    fileName: 'заявки',
  },
};

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
/** Plural forms English does not have (i18next asks Intl.PluralRules, which never answers these for English). */
type RussianOnlyPlural = `${string}_few` | `${string}_many`;

/** The shape every language's admin catalogue has: the Russian one's keys, with strings. */
export type AdminCatalogue = Strings<Omit<typeof adminRu, 'messages'>> & {
  messages: Strings<Omit<typeof adminRu.messages, Extract<keyof typeof adminRu.messages, RussianOnlyPlural>>> & Partial<Record<RussianOnlyPlural, string>>;
};
