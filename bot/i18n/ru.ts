/** Русский — язык по умолчанию. Ключи плоские, разделы по функциям. */
export const ru = {
  // start
  'start.greeting': 'Здравствуйте, {name}! Я помогу зарегистрироваться на соревнования и выбрать время для голосования.',
  'start.greeting_anonymous': 'Здравствуйте! Я помогу зарегистрироваться на соревнования и выбрать время для голосования.',

  // fallback
  'fallback.unknown': 'Я не понял сообщение. Выберите действие в меню или отправьте /help.',

  // errors
  'error.generic': 'Что-то пошло не так. Попробуйте ещё раз чуть позже — ваши данные не потеряны.',
  'error.busy': 'Сейчас много желающих. Пожалуйста, попробуйте ещё раз через несколько секунд.',

  // domain errors and notifications
  'error.forbidden': 'Это действие недоступно.',
  'competition.not_found': 'Соревнование не найдено.',
  'competition.title_required': 'Укажите название соревнования.',
  'competition.bad_max': 'Число мест должно быть целым и не меньше нуля.',
  'competition.max_below_taken': 'Нельзя сделать мест меньше, чем уже занято ({taken}). Сначала отклоните или отмените заявки.',
  'registration.closed': 'Регистрация на «{competition}» закрыта.',
  'registration.consent_required': 'Без согласия на обработку персональных данных зарегистрироваться нельзя.',
  'registration.rejected_before': 'Ваша заявка на «{competition}» была отклонена, повторная регистрация невозможна.',
  'registration.already': 'Вы уже зарегистрированы на «{competition}». Заявка — в разделе «Мои регистрации».',
  'registration.full': 'Все места на «{competition}» заняты.',
  'registration.not_found': 'Регистрация не найдена.',
  'registration.voters_no_waitlist': 'Для голосующих нет листа ожидания.',
  'registration.no_places': 'На «{competition}» нет свободных мест.',
  'registration.already_cancelled': 'Эта регистрация уже отменена.',
  'registration.rejected_cannot_cancel': 'Отклонённую заявку отменить нельзя.',
  'registration.not_approved': 'Отметить присутствие можно только у подтверждённой заявки.',
  'registration.bad_status': 'Неизвестный статус: {status}.',
  'slots.voters_only': 'Время голосования выбирают только голосующие.',
  'slots.registration_inactive': 'Регистрация отменена или отклонена — время выбрать нельзя.',
  'slots.not_found': 'Такого времени голосования нет.',
  'slots.full': 'Это время уже занято полностью. Выберите другое.',
  'slot.not_found': 'Время голосования не найдено.',
  'slot.bad_capacity': 'Вместимость должна быть целым числом не меньше нуля.',
  'slot.ends_before_start': 'Конец должен быть позже начала.',
  'slot.capacity_below_fill': 'Нельзя сделать вместимость меньше, чем уже записано ({taken}).',
  'panel.voters_only': 'В жюри можно назначить только голосующего.',
  'panel.registration_inactive': 'Регистрация отменена или отклонена — назначить в жюри нельзя.',
  'panel.not_found': 'Жюри не найдено.',
  'panel.full': 'В жюри «{panel}» нет свободных мест.',
  'broadcast.not_found': 'Рассылка не найдена.',
  'broadcast.not_draft': 'Рассылку можно запустить только из черновика (сейчас: {state}).',
  'broadcast.empty': 'У рассылки нет текста.',
  'profile.bad_name': 'Введите имя и фамилию буквами (от 2 до 100 символов).',
  'profile.bad_phone': 'Не похоже на номер телефона. Пример: +7 912 345-67-89.',
  'notify.status_pending': 'Ваша заявка на «{competition}» ожидает подтверждения организатором.',
  'notify.status_approved': 'Ваша заявка на «{competition}» подтверждена. До встречи!',
  'notify.status_waitlisted': 'Ваша заявка на «{competition}» перенесена в лист ожидания.',
  'notify.status_rejected': 'К сожалению, ваша заявка на «{competition}» отклонена.',
  'notify.status_cancelled': 'Ваша регистрация на «{competition}» отменена организатором.',
  'notify.promoted_approved': 'Освободилось место! Вы переведены из листа ожидания: ваша регистрация на «{competition}» подтверждена.',
  'notify.promoted_pending': 'Освободилось место! Вы переведены из листа ожидания: заявка на «{competition}» ожидает подтверждения организатором.',
  'notify.checked_in': 'Вы отмечены на «{competition}». Удачи!',
  'notify.slots_changed': 'Организатор изменил ваше время голосования на «{competition}». Проверьте в разделе «Мои регистрации».',
  'notify.slot_moved': 'Время голосования на «{competition}» изменилось: {startsAt} – {endsAt}.',
  'notify.panel_assigned': 'Вы назначены в жюри «{panel}» на «{competition}».',
  'notify.panel_removed': 'Вы больше не входите в жюри на «{competition}».',
} as const;

export type MessageKey = keyof typeof ru;
