import { checkAnswer, unanswered, type AnswerInput, type FileAnswer } from '../domain/answer-rules.js';
import type { DomainError } from '../domain/errors.js';
import { answersOf, formQuestion, optionFill, questionsFor, rememberedAnswers } from '../domain/answers.js';
import { teamQuestionsFor } from '../domain/teams.js';
import type { Database } from '../domain/infrastructure/database.js';
import type { RegistrationRole } from '../entities/index.js';
import { normalizeFullName, normalizePhone, updateProfile } from '../domain/profile.js';
import type { BotContext } from './context.js';
import type { BotDeps } from './deps.js';
import type { QuestionsDraft } from './session.js';
import { storedInput } from './views/questions.js';
import { registrationSteps } from './views/registration-form.js';
import type { MessageKey } from '../i18n/index.js';
import { menuKeyboard, removeKeyboard, sendMenu, show, stripKeyboard } from './ui.js';
import { unpack } from './callback-data.js';
import { offeredNames, phoneKeyboard, type OfferedName } from './views/form.js';
import { cancelledKey, isPhoneStep, settledQuestion } from './views/form-steps.js';

/** What every form shares: reading a name or phone answer, and leaving the form. */

export type Read<T> = { ok: true; value: T } | { ok: false; error: MessageKey };

/** A phone from the contact button (only the user's own contact) or typed. */
export function readPhone(ctx: BotContext): Read<string> {
  const message = ctx.message;
  if (message && 'contact' in message) {
    if (message.contact.user_id !== ctx.from?.id) return { ok: false, error: 'phone.not_own' };
    const phone = normalizePhone(message.contact.phone_number, ctx.phoneRegion);
    return phone ? { ok: true, value: phone } : { ok: false, error: 'profile.bad_phone' };
  }
  if (message && 'text' in message) {
    const phone = normalizePhone(message.text, ctx.phoneRegion);
    return phone ? { ok: true, value: phone } : { ok: false, error: 'profile.bad_phone' };
  }
  return { ok: false, error: 'phone.expected' };
}

export function readFullName(ctx: BotContext): Read<string> {
  const message = ctx.message;
  // An offered name's button.
  if (ctx.callbackQuery) {
    const pressed = 'data' in ctx.callbackQuery ? unpack(ctx.callbackQuery.data) : null;
    const offered = pressed?.action === 'formName' ? offeredNames(ctx)[pressed.args[0] as OfferedName] : null;
    return offered ? { ok: true, value: offered } : { ok: false, error: 'name.expected' };
  }
  if (!message || !('text' in message)) return { ok: false, error: 'name.expected' };
  const name = normalizeFullName(message.text);
  return name ? { ok: true, value: name } : { ok: false, error: 'profile.bad_name' };
}

/**
 * Reads the answer to a name or phone step. On a bad answer, says what is wrong (keeping the contact button
 * for the phone) and returns null: the step stays open.
 */
export async function readProfileAnswer(ctx: BotContext, field: 'fullName' | 'phone'): Promise<string | null> {
  const read = field === 'fullName' ? readFullName(ctx) : readPhone(ctx);
  if (read.ok) return read.value;
  await ctx.reply(ctx.t(read.error), field === 'phone' ? phoneKeyboard(ctx) : undefined);
  return null;
}

/** Reads the answer to a name or phone step and saves it to the profile (see readProfileAnswer). */
export async function saveProfileAnswer(ctx: BotContext, db: Database, field: 'fullName' | 'phone'): Promise<string | null> {
  const value = await readProfileAnswer(ctx, field);
  if (value !== null) ctx.user = await updateProfile(db, ctx.user!.id, { [field]: value });
  return value;
}

/**
 * Leaves whatever form step the user is in: the form's message loses its buttons and a reply keyboard goes.
 * `say` says so — what was cancelled (`cancel.done` for the registration form, `cancel.edit_done` for a profile
 * edit), or that the form was left (`form.left`). With `menu`, the menu follows. Returns whether there was one.
 */
export async function leaveForm(ctx: BotContext, say: 'cancelled' | 'left' | null, menu = false): Promise<boolean> {
  const step = ctx.session?.step;
  if (step === undefined && !ctx.session?.draft) return false;
  // A phone question of a competition's own keeps its contact button's message in `prompt` too.
  const hadKeyboard = step !== undefined && (isPhoneStep(step) || ctx.session.prompt !== undefined);
  const key = say === 'left' ? 'form.left' : cancelledKey(step);
  const pressed = ctx.callbackQuery?.message?.message_id;
  if (ctx.session.screen !== pressed) {
    // A question that pointed at its buttons ("…кнопку с именем ниже") says only the question once they go.
    const settled = step === undefined ? undefined : settledQuestion(step);
    if (settled && ctx.session.screen && ctx.chat) await ctx.telegram.editMessageText(ctx.chat.id, ctx.session.screen, undefined, ctx.t(settled)).catch(() => undefined);
    else await stripKeyboard(ctx, ctx.session.screen);
  }
  // The phone step's question ("…кнопкой ниже") loses its button with the form: it goes too.
  if (ctx.session.prompt) await ctx.deleteMessage(ctx.session.prompt).catch(() => undefined);
  ctx.session = {};
  if (!say) return step !== undefined;
  if (hadKeyboard) {
    // A reply keyboard goes only with a new message; the menu (inline) needs another one.
    await ctx.reply(ctx.t(key), removeKeyboard());
    if (menu) await sendMenu(ctx);
  } else if (menu) {
    await show(ctx, `${ctx.t(key)}\n\n${ctx.t('menu.title')}`, menuKeyboard(ctx));
  } else {
    await ctx.reply(ctx.t(key));
  }
  return step !== undefined;
}

/**
 * The snapshot of a competition's own questions for `role` that a form asks from (bot/session.ts QuestionsDraft):
 * the questions, the places taken per limited option, and the answers to keep or offer — the answers of
 * `registrationId` when changing them, else those remembered from other competitions. Undefined: no questions.
 * `team`: the team questions, for the team being created (its answers stored on the team).
 */
export async function loadQuestions(
  db: Database,
  userId: number,
  competitionId: number,
  role: RegistrationRole | 'team',
  registrationId?: number,
): Promise<QuestionsDraft | undefined> {
  // A team's questions (forTeam) are asked once of the captain creating it; a person's, of each member.
  const questions = (role === 'team' ? await teamQuestionsFor(db.manager, competitionId) : await questionsFor(db.manager, competitionId, role)).map(formQuestion);
  if (!questions.length) return undefined;
  const fill = await optionFill(db, db.manager, questions, registrationId);
  if (registrationId) return { questions, answers: await answersOf(db.manager, registrationId), skipped: [], fill, remembered: {}, registrationId };
  const keys = [...new Set(questions.map((q) => q.rememberAs).filter((k): k is string => Boolean(k)))];
  return { questions, answers: {}, skipped: [], fill, remembered: await rememberedAnswers(db, userId, competitionId, keys) };
}

/** What a message gives as an answer to a question: text, the person's own contact, a document or a photo (kept by Telegram's ids). */
export function messageInput(ctx: BotContext): AnswerInput | 'not_own_contact' | null {
  const message = ctx.message;
  if (!message) return null;
  if ('text' in message) return { kind: 'text', text: message.text };
  if ('contact' in message) return message.contact.user_id === ctx.from?.id ? { kind: 'contact', phone: message.contact.phone_number } : 'not_own_contact';
  if ('document' in message) {
    const d = message.document;
    const file: FileAnswer = { fileId: d.file_id, fileUniqueId: d.file_unique_id, type: 'document', name: d.file_name, mime: d.mime_type, size: d.file_size };
    return { kind: 'file', file };
  }
  if ('photo' in message && message.photo.length) {
    // Telegram sends each photo in several sizes, the largest last.
    const p = message.photo[message.photo.length - 1];
    return { kind: 'file', file: { fileId: p.file_id, fileUniqueId: p.file_unique_id, type: 'photo', size: p.file_size } };
  }
  return null;
}

/**
 * The answers were refused when stored: someone took the last place of a chosen option meanwhile
 * (`answer.option_full`), or a required question is unanswered (`answers.missing`, one added meanwhile); the error
 * names the question. The questions are read again, the answers that no longer fit go, and that question is asked
 * with the reason on top; every other answer stays. False when the error is not about answers (the caller handles it).
 */
export async function askRefusedAnswer(ctx: BotContext, deps: BotDeps, error: DomainError): Promise<boolean> {
  const draft = ctx.session.draft;
  const old = draft?.q;
  if ((error.key !== 'answers.missing' && error.key !== 'answer.option_full') || !draft || !old) return false;
  const fresh = await loadQuestions(deps.db, ctx.user!.id, draft.competitionId, draft.team ? 'team' : draft.role, old.registrationId);
  if (!fresh) return false;
  const answers: Record<number, string> = {};
  for (const question of fresh.questions) {
    const value = old.answers[question.id];
    const input = value === undefined ? null : storedInput(question, value);
    const checked = input && checkAnswer(question, input, { lang: ctx.lang, phoneRegion: ctx.phoneRegion, taken: fresh.fill[question.id] });
    if (checked?.ok) answers[question.id] = checked.value;
  }
  const optional = new Set(fresh.questions.filter((q) => !q.required).map((q) => q.id));
  draft.q = { ...fresh, answers, skipped: old.skipped.filter((id) => optional.has(id)), remembered: old.remembered };
  const left = unanswered(draft.q.questions, answers, draft.q.skipped);
  const next = left.find((q) => q.id === Number(error.params.questionId)) ?? left[0];
  if (!next) return false;
  await registrationSteps(deps).openQuestion(ctx, next.id, `${ctx.t(error.key, error.params)}\n\n`);
  return true;
}
