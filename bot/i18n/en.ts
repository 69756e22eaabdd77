import type { MessageKey } from './ru.js';

export const en: Record<MessageKey, string> = {
  // start
  'start.greeting': 'Hello, {name}! I will help you register for competitions and choose your voting time.',
  'start.greeting_anonymous': 'Hello! I will help you register for competitions and choose your voting time.',

  // fallback
  'fallback.unknown': "I didn't understand that. Choose an action from the menu or send /help.",

  // errors
  'error.generic': 'Something went wrong. Please try again a little later — your data is safe.',
  'error.busy': 'Lots of people are signing up right now. Please try again in a few seconds.',
};
