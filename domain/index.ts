export * from './actor.js';
export { logAdminAction, diffChanges } from './audit.js';
export * from './broadcasts.js';
export * from './competitions.js';
export { Database } from './infrastructure/database.js';
export { BusyError, DomainError, isDatabaseUnavailable } from './errors.js';
export { enqueueNotification } from './outbox.js';
export * from './panels.js';
export { isRegistrationOpen, holdsPlace, PLACE_HOLDING } from './places.js';
export * from './profile.js';
export {
  registerForCompetition,
  registerInTransaction,
  cancelRegistration,
  approveRegistration,
  rejectRegistration,
  checkInRegistration,
  setRegistrationStatus,
  competitionsHeldBy,
  type RegisterInput,
  type RegisterResult,
} from './registrations.js';
export { acceptOffer, declineOffer, expireOffers, type OfferAnswer } from './offers.js';
export { competitionEnd, hasStarted, phaseOf, purgeDate, registrationDeadline, type Phase } from './calendar.js';
export * from './retention.js';
export * from './slots.js';
export { userLanguage } from './users.js';
export * from './read-models/queries.js';
export * from './reminders.js';
export { SenderLock } from './infrastructure/sender-lock.js';
export { SYSTEM_CLOCK, ManualClock, type Clock } from './infrastructure/clock.js';
export { checkTelegramHtml, telegramHtmlPreview } from './telegram-html.js';
export { resendInterruptedNotifications } from './infrastructure/delivery-queue.js';
export * from './answer-rules.js';
export { changeAnswers, optionFill, questionsFor, formQuestion, rememberedAnswers, answersOf } from './answers.js';
export * from './questions.js';
export * from './teams.js';
