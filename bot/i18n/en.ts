import type { MessageKey } from './ru.js';

export const en: Record<MessageKey, string> = {
  // start
  'start.greeting': 'Hello, {name}! I will help you register for competitions and choose your voting time.',
  'start.greeting_anonymous': 'Hello! I will help you register for competitions and choose your voting time.',

  // menu
  'menu.title': 'Main menu. What would you like to do?',
  'menu.competitions': '🏆 Competitions',
  'menu.my': '📋 My registrations',
  'menu.profile': '👤 Profile',
  'menu.help': '❓ Help',
  'menu.back': '« Menu',

  // start
  'start.link_not_found': 'I could not find that competition — the link may be out of date. Here is the main menu:',

  // help
  'help.text': 'I help you register for competitions.\n\n🏆 “Competitions” — open competitions, details, and registration as a participant or a voter.\n📋 “My registrations” — the status of your applications, your voting times, cancelling.\n👤 “Profile” — name, phone, reminders, deleting your data.\n\nCommands: /start — start over, /cancel — leave the current step, /language — language, /help — this help.',

  // cancel
  'cancel.done': 'OK, the current step is cancelled.',
  'cancel.nothing': 'There is nothing to cancel. Here is the main menu:',

  // form
  'form.left': 'You have left the form.',

  // competitions
  'competitions.title': 'Open competitions (page {page} of {pages}). Choose one to see the details:',
  'competitions.none': 'No competition is open for registration right now. Check back later!',
  'competitions.page_gone': 'That page of the list no longer exists.',
  'competitions.first_page': 'Back to the start',
  'competitions.prev': '‹ Back',
  'competitions.next': 'Next ›',

  // competition
  'competition.heading': '🏆 {title}',
  'competition.location': '📍 {location}',
  'competition.starts': '🕒 Starts: {time}',
  'competition.places_left': '🎟 Places left: {left} of {max}',
  'competition.places_none': '🎟 All {max} places are taken — you can join the waiting list',
  'competition.places_unlimited': '🎟 No limit on places',
  'competition.registration_closed': '🔒 Registration is closed',
  'competition.closes': '⏳ Registration until {time}',
  'competition.register_participant': '✍️ Register as a participant',
  'competition.register_voter': '🗳 Register as a voter',
  'competition.back': '‹ To the list',

  // role
  'role.participant': 'participant',
  'role.voter': 'voter',

  // reg
  'reg.ask_name': 'What is your name? Please write your first and last name.',
  'reg.ask_phone': 'Share your phone number with the button below, or type it, e.g. +44 7700 900123.',
  'reg.phone_saved': 'Phone {phone} saved.',
  'reg.ask_consent': 'Please check:\nCompetition: {competition}\nRole: {role}\nName: {name}\nPhone: {phone}\n\nDo you consent to the processing of your personal data for this registration?',
  'reg.consent_yes': '✅ I consent',
  'reg.consent_no': '✖️ I do not consent',
  'reg.no_consent': 'Without your consent I cannot register you. If you change your mind, open the competition again.',
  'reg.offer_waitlist': 'All places for “{competition}” are taken. Join the waiting list? When a place frees up, I will register you automatically and let you know.',
  'reg.waitlist_yes': '⏳ Join the waiting list',
  'reg.waitlist_no': 'No, thanks',
  'reg.waitlist_declined': 'OK, I have not signed you up. You can pick another competition.',
  'reg.done_approved': '🎉 Done! You are registered for “{competition}”. Your registration is approved.',
  'reg.done_pending': '📨 Your application for “{competition}” is in and waits for the organizers’ approval. I will tell you their decision.',
  'reg.done_waitlisted': '⏳ You are on the waiting list for “{competition}”, position {position}. I will tell you when a place frees up.',

  // phone
  'phone.share': '📱 Share my number',
  'phone.not_own': 'Only your own contact can be sent. Press “Share my number” or type the number.',
  'phone.expected': 'I am waiting for a phone number: use the button below or type it.',

  // name
  'name.expected': 'I am waiting for your first and last name as text.',

  // slots
  'slots.choose': 'Choose your voting time for “{competition}” (several are fine). Press again to remove. ⛔ — full.',
  'slots.none': '“{competition}” has no voting times yet. I will let you know if the organizers change that.',
  'slots.done': '✔️ Done',
  'slots.saved': 'Your voting time for “{competition}”: {slots}.',
  'slots.saved_none': 'You have not chosen a voting time for “{competition}” yet. You can do it in “My registrations”.',

  // my
  'my.title': 'Your registrations:',
  'my.none': 'You have no registrations yet. Have a look at the open competitions!',
  'my.role': 'Role: {role}',
  'my.status': 'Status: {status}',
  'my.position': 'position {position}',
  'my.slots': 'Voting time: {slots}',
  'my.slots_none': 'not chosen',
  'my.panel': 'Jury panel: {panel}',
  'my.choose_slots': '🕒 Choose time',
  'my.cancel': '✖️ Cancel registration',
  'my.cancel_confirm': 'Really cancel your registration for “{competition}”? Your place and voting times will be freed.',
  'my.cancel_yes': 'Yes, cancel',
  'my.cancel_no': 'No, keep it',
  'my.cancelled': 'Your registration for “{competition}” is cancelled.',
  'my.register_again': '↩️ Register again',
  'my.back': '‹ To the list',

  // status
  'status.pending': 'waiting for approval',
  'status.approved': 'approved',
  'status.waitlisted': 'on the waiting list',
  'status.rejected': 'rejected',
  'status.cancelled': 'cancelled',

  // profile
  'profile.view': '👤 Profile\nName: {name}\nPhone: {phone}\nReminders: {reminders}\nLanguage: {language}',
  'profile.not_set': 'not set',
  'profile.reminders_on': 'on',
  'profile.reminders_off': 'off',
  'profile.edit_name': '✏️ Name',
  'profile.edit_phone': '✏️ Phone',
  'profile.turn_reminders_off': '🔕 Turn reminders off',
  'profile.turn_reminders_on': '🔔 Turn reminders on',
  'profile.delete': '🗑 Delete my data',
  'profile.ask_name': 'Please write your new first and last name.',
  'profile.ask_phone': 'Share your number with the button below, or type the new number.',
  'profile.saved': 'Saved.',
  'profile.delete_confirm': 'Delete all your data? This withdraws your consent: your profile and all your registrations will be deleted and your places freed. This cannot be undone.',
  'profile.delete_yes': 'Yes, delete everything',
  'profile.delete_no': 'No, keep it',
  'profile.deleted': 'Your data has been deleted. If you want to come back, send /start.',

  // language
  'language.choose': 'Выберите язык / Choose your language:',
  'language.set': 'Done, I will speak English from now on.',
  'language.name': 'English',

  // fallback
  'fallback.stale': 'That button is out of date. Here is the current menu:',
  'fallback.edited': 'I only see new messages, not edits. Please send the message again.',
  'fallback.media': 'I only understand text and buttons. Choose an action from the menu:',
  'fallback.in_form': 'I am waiting for an answer to the form (or /cancel to leave it).',
  'fallback.use_buttons': 'Please answer with a button under the message above.',

  // fallback
  'fallback.unknown': "I didn't understand that. Choose an action from the menu or send /help.",

  // errors
  'error.generic': 'Something went wrong. Please try again a little later — your data is safe.',
  'error.busy': 'Lots of people are signing up right now. Please try again in a few seconds.',

  // domain errors and notifications
  'error.forbidden': 'This action is not available.',
  'competition.not_found': 'Competition not found.',
  'competition.title_required': 'Please give the competition a title.',
  'competition.bad_max': 'The number of places must be a whole number, zero or more.',
  'competition.max_below_taken': 'Cannot set fewer places than already taken ({taken}). Reject or cancel registrations first.',
  'registration.closed': 'Registration for “{competition}” is closed.',
  'registration.consent_required': 'You cannot register without consenting to the processing of your personal data.',
  'registration.rejected_before': 'Your application for “{competition}” was rejected; you cannot register again.',
  'registration.already': 'You are already registered for “{competition}”. See it under “My registrations”.',
  'registration.full': 'All places for “{competition}” are taken.',
  'registration.not_found': 'Registration not found.',
  'registration.voters_no_waitlist': 'There is no waiting list for voters.',
  'registration.no_places': 'There are no free places for “{competition}”.',
  'registration.already_cancelled': 'This registration is already cancelled.',
  'registration.rejected_cannot_cancel': 'A rejected application cannot be cancelled.',
  'registration.not_approved': 'Only an approved registration can be checked in.',
  'registration.bad_status': 'Unknown status: {status}.',
  'slots.voters_only': 'Only voters choose voting times.',
  'slots.registration_inactive': 'This registration is cancelled or rejected: no time can be chosen.',
  'slots.not_found': 'No such voting time.',
  'slots.full': 'This time is full. Please choose another one.',
  'slot.not_found': 'Voting time not found.',
  'slot.bad_capacity': 'Capacity must be a whole number, zero or more.',
  'slot.ends_before_start': 'The end must be after the start.',
  'slot.capacity_below_fill': 'Capacity cannot be lower than the voters already in the slot ({taken}).',
  'panel.voters_only': 'Only voters can sit on a jury panel.',
  'panel.registration_inactive': 'This registration is cancelled or rejected: it cannot be put on a panel.',
  'panel.not_found': 'Jury panel not found.',
  'panel.full': 'Jury panel “{panel}” is full.',
  'broadcast.not_found': 'Broadcast not found.',
  'broadcast.not_draft': 'Only a draft broadcast can be started (now: {state}).',
  'broadcast.empty': 'The broadcast has no text.',
  'profile.bad_name': 'Please enter your first and last name in letters (2 to 100 characters).',
  'profile.bad_phone': 'That does not look like a phone number. Example: +44 7700 900123.',
  'notify.status_pending': 'Your application for “{competition}” is waiting for the organizers’ approval.',
  'notify.status_approved': 'Your registration for “{competition}” is approved. See you there!',
  'notify.status_waitlisted': 'Your application for “{competition}” was moved to the waiting list.',
  'notify.status_rejected': 'Unfortunately, your application for “{competition}” was rejected.',
  'notify.status_cancelled': 'Your registration for “{competition}” was cancelled by the organizers.',
  'notify.promoted_approved': 'A place has freed up! You are off the waiting list: your registration for “{competition}” is approved.',
  'notify.promoted_pending': 'A place has freed up! You are off the waiting list: your application for “{competition}” is waiting for approval.',
  'notify.checked_in': 'You are checked in at “{competition}”. Good luck!',
  'notify.slots_changed': 'The organizers changed your voting time for “{competition}”. See “My registrations”.',
  'notify.slot_moved': 'The voting time for “{competition}” has changed: {startsAt} – {endsAt}.',
  'notify.panel_assigned': 'You are on jury panel “{panel}” for “{competition}”.',
  'notify.panel_removed': 'You are no longer on a jury panel for “{competition}”.',
};
