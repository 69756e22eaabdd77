/** Русский — язык по умолчанию. Ключи плоские, разделы по функциям. */
export const ru = {
  // start
  'start.greeting': 'Здравствуйте, {name}! Я помогу зарегистрироваться на соревнования и выбрать время для голосования.',
  'start.greeting_anonymous': 'Здравствуйте! Я помогу зарегистрироваться на соревнования и выбрать время для голосования.',

  // menu
  'menu.title': 'Главное меню. Что вы хотите сделать?',
  'menu.competitions': '🏆 Соревнования',
  'menu.my': '📋 Мои регистрации',
  'menu.profile': '👤 Профиль',
  'menu.help': '❓ Помощь',
  'menu.back': '« В меню',

  // start
  'start.link_not_found': 'Не нашёл такое соревнование — возможно, ссылка устарела. Вот главное меню:',

  // help
  'help.text': 'Я помогаю зарегистрироваться на соревнования.\n\n🏆 «Соревнования» — открытые соревнования, подробности и регистрация участником или голосующим.\n📋 «Мои регистрации» — статус заявок, выбранное время голосования, отмена.\n👤 «Профиль» — имя, телефон, напоминания, удаление данных.\n\nКоманды: /start — начать заново, /cancel — выйти из текущего шага, /language — язык, /help — эта справка.',

  // cancel
  'cancel.done': 'Хорошо, отменил текущий шаг.',
  'cancel.nothing': 'Отменять нечего. Вот главное меню:',

  // form
  'form.left': 'Вы вышли из заполнения формы.',

  // competitions
  'competitions.title': 'Открытые соревнования (страница {page} из {pages}). Выберите, чтобы посмотреть подробности:',
  'competitions.none': 'Сейчас нет соревнований с открытой регистрацией. Загляните позже!',
  'competitions.page_gone': 'Эта страница списка больше не существует.',
  'competitions.first_page': 'К началу списка',
  'competitions.prev': '‹ Назад',
  'competitions.next': 'Далее ›',

  // competition
  'competition.heading': '🏆 {title}',
  'competition.location': '📍 {location}',
  'competition.starts': '🕒 Начало: {time}',
  'competition.places_left': '🎟 Свободных мест: {left} из {max}',
  'competition.places_none': '🎟 Все {max} мест заняты — можно встать в лист ожидания',
  'competition.places_unlimited': '🎟 Количество мест не ограничено',
  'competition.registration_closed': '🔒 Регистрация закрыта',
  'competition.closes': '⏳ Регистрация до {time}',
  'competition.register_participant': '✍️ Зарегистрироваться участником',
  'competition.register_voter': '🗳 Зарегистрироваться голосующим',
  'competition.back': '‹ К списку',

  // role
  'role.participant': 'участник',
  'role.voter': 'голосующий',

  // reg
  'reg.ask_name': 'Как вас зовут? Напишите имя и фамилию.',
  'reg.ask_phone': 'Поделитесь номером телефона кнопкой ниже или напишите его, например +7 912 345-67-89.',
  'reg.phone_saved': 'Телефон {phone} сохранён.',
  'reg.ask_consent': 'Проверьте данные:\nСоревнование: {competition}\nРоль: {role}\nИмя: {name}\nТелефон: {phone}\n\nДаёте согласие на обработку персональных данных для регистрации?',
  'reg.consent_yes': '✅ Согласен(на)',
  'reg.consent_no': '✖️ Не согласен(на)',
  'reg.no_consent': 'Без согласия зарегистрировать вас нельзя. Если передумаете — откройте соревнование снова.',
  'reg.offer_waitlist': 'Все места на «{competition}» уже заняты. Встать в лист ожидания? Когда место освободится, я зарегистрирую вас автоматически и сообщу.',
  'reg.waitlist_yes': '⏳ Встать в лист ожидания',
  'reg.waitlist_no': 'Нет, спасибо',
  'reg.waitlist_declined': 'Хорошо, не записываю. Можно выбрать другое соревнование.',
  'reg.done_approved': '🎉 Готово! Вы зарегистрированы на «{competition}». Регистрация подтверждена.',
  'reg.done_pending': '📨 Заявка на «{competition}» принята и ждёт подтверждения организатором. Я сообщу о решении.',
  'reg.done_waitlisted': '⏳ Вы в листе ожидания на «{competition}», ваше место в очереди: {position}. Сообщу, когда освободится место.',

  // phone
  'phone.share': '📱 Поделиться номером',
  'phone.not_own': 'Можно отправить только свой контакт. Нажмите кнопку «Поделиться номером» или напишите номер.',
  'phone.expected': 'Жду номер телефона: кнопкой ниже или текстом.',

  // name
  'name.expected': 'Жду имя и фамилию текстом.',

  // slots
  'slots.choose': 'Выберите время голосования на «{competition}» (можно несколько). Нажмите ещё раз, чтобы убрать. ⛔ — мест нет.',
  'slots.none': 'Для «{competition}» пока нет времени голосования. Я сообщу, если организатор что-то изменит.',
  'slots.done': '✔️ Готово',
  'slots.saved': 'Ваше время голосования на «{competition}»: {slots}.',
  'slots.saved_none': 'Вы пока не выбрали время голосования на «{competition}». Это можно сделать в «Моих регистрациях».',

  // my
  'my.title': 'Ваши регистрации:',
  'my.none': 'У вас пока нет регистраций. Посмотрите открытые соревнования!',
  'my.role': 'Роль: {role}',
  'my.status': 'Статус: {status}',
  'my.position': 'место в очереди: {position}',
  'my.slots': 'Время голосования: {slots}',
  'my.slots_none': 'не выбрано',
  'my.panel': 'Жюри: {panel}',
  'my.choose_slots': '🕒 Выбрать время',
  'my.cancel': '✖️ Отменить регистрацию',
  'my.cancel_confirm': 'Точно отменить регистрацию на «{competition}»? Ваше место и выбранное время освободятся.',
  'my.cancel_yes': 'Да, отменить',
  'my.cancel_no': 'Нет, оставить',
  'my.cancelled': 'Регистрация на «{competition}» отменена.',
  'my.register_again': '↩️ Зарегистрироваться снова',
  'my.back': '‹ К списку',

  // status
  'status.pending': 'ожидает подтверждения',
  'status.approved': 'подтверждена',
  'status.waitlisted': 'в листе ожидания',
  'status.rejected': 'отклонена',
  'status.cancelled': 'отменена',

  // profile
  'profile.view': '👤 Профиль\nИмя: {name}\nТелефон: {phone}\nНапоминания: {reminders}\nЯзык: {language}',
  'profile.not_set': 'не указано',
  'profile.reminders_on': 'включены',
  'profile.reminders_off': 'выключены',
  'profile.edit_name': '✏️ Имя',
  'profile.edit_phone': '✏️ Телефон',
  'profile.turn_reminders_off': '🔕 Выключить напоминания',
  'profile.turn_reminders_on': '🔔 Включить напоминания',
  'profile.delete': '🗑 Удалить мои данные',
  'profile.ask_name': 'Напишите новое имя и фамилию.',
  'profile.ask_phone': 'Поделитесь номером кнопкой ниже или напишите новый номер.',
  'profile.saved': 'Сохранено.',
  'profile.delete_confirm': 'Удалить все ваши данные? Это отзыв согласия: профиль и все регистрации будут удалены, места освободятся. Отменить удаление будет нельзя.',
  'profile.delete_yes': 'Да, удалить всё',
  'profile.delete_no': 'Нет, оставить',
  'profile.deleted': 'Ваши данные удалены. Если захотите вернуться — отправьте /start.',

  // language
  'language.choose': 'Выберите язык / Choose your language:',
  'language.set': 'Готово, теперь я говорю по-русски.',
  'language.name': 'русский',

  // fallback
  'fallback.stale': 'Эта кнопка устарела. Вот актуальное меню:',
  'fallback.edited': 'Я вижу только новые сообщения, а не исправления. Отправьте, пожалуйста, сообщение заново.',
  'fallback.media': 'Я понимаю только текст и кнопки. Выберите действие в меню:',
  'fallback.in_form': 'Сейчас я жду ответ на вопрос формы (или /cancel, чтобы выйти).',
  'fallback.use_buttons': 'Ответьте, пожалуйста, кнопкой под сообщением выше.',

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
