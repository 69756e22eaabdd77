import type { ActionContext, BaseRecord } from 'adminjs';
import { reissueTicket } from '../../domain/checkin.js';
import { registrationHistories } from '../../domain/history.js';
import {
  approveRegistration,
  assignJuryPanel,
  checkInRegistration,
  chooseVoterSlots,
  DomainError,
  rejectRegistration,
  setRegistrationStatus,
  type Actor,
} from '../../domain/index.js';
import {
  adminNames,
  lastRegistrationEventId,
  maximumAfterTakingFromQueue,
  promotedSince,
  registrationChoices,
  registrationSummaries,
} from '../../domain/read-models/admin-views.js';
import { whereRegistrationUserMatches } from '../../domain/read-models/search.js';
import { listQuestions, registrationAnswers, whereAnswersMatch } from '../../domain/read-models/answers.js';
import { attendanceCondition } from '../../domain/reminders.js';
import { teamRoleOf, teamsOfRegistrations } from '../../domain/read-models/team-views.js';
import { ATTENDANCE_FILTERS, REGISTRATION_ROLES, REGISTRATION_STATUSES, Registration, type AttendanceFilter, type RegistrationStatus } from '../../entities/index.js';
import { translate, type Language } from '../../i18n/index.js';
import { registrationConsents } from '../../domain/consents.js';
import type { Database } from '../../domain/infrastructure/database.js';
import { formatForPeople } from '../../domain/time.js';
import type { Consent } from '../../entities/index.js';
import { adminLanguage, translateAdmin, translateDomainError, valueLabel, type AdminMessageKey } from '../locale.js';
import { actorOf } from './app-resource.js';
import { confirmedAction, question, type Notice } from './confirmed-action.js';
import { defineResource } from './define.js';
import { printPaths } from '../print/index.js';
import { access, isStaff, look, NAVIGATION, never, staffWhen, values, type ResourceDeps } from './shared.js';

/** A registration an action works on, named as the organizer knows it. */
interface Target {
  id: number;
  name: string;
  competitionId?: number;
}

/**
 * The record as people know it: its resource's title property (a registration's person). BaseRecord.title()
 * would ask the TypeORM columns, which have no title, and answer the id.
 */
const nameOf = (record: BaseRecord): string => String(record.resource.decorate().titleOf(record) ?? record.id());
const targetOf = (record: BaseRecord): Target => ({ id: Number(record.id()), name: nameOf(record), competitionId: Number(record.params.competitionId) || undefined });
const reasonOf = (payload: Record<string, unknown>) => (typeof payload.reason === 'string' && payload.reason.trim() ? payload.reason : undefined);
const panelOf = (payload: Record<string, unknown>) => {
  const raw = payload.juryPanelId;
  return raw === undefined || raw === null || raw === '' ? null : Number(raw);
};
const targetsOf = (context: ActionContext): Target[] => (context.record ? [targetOf(context.record)] : (context.records ?? []).map(targetOf));

/** Registrations: the organizers' daily work — approve, reject, check in, panels — each through the domain. */
export function registrationResource(deps: ResourceDeps) {
  const { ctx, components } = deps;
  const { db } = ctx;
  const { badge, readOnly, filterOnly, peopleList, titleCell } = look(deps);

  /**
   * Runs a domain call per selected registration; one failing (full, busy) does not stop the others. The
   * notice names people, not ids, and says who moved up from the waiting list meanwhile.
   */
  async function eachRegistration(context: ActionContext, run: (actor: Actor, id: number) => Promise<unknown>, done: AdminMessageKey & `done${string}`): Promise<Notice> {
    const actor = actorOf(context);
    const targets = targetsOf(context);
    const mark = await lastRegistrationEventId(db);
    let ok = 0;
    const failures: string[] = [];
    for (const { id, name } of targets) {
      try {
        await run(actor, id);
        ok++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        failures.push(`${name}: ${translateDomainError(error, adminLanguage(context))}`);
      }
    }
    const competitions = [...new Set(targets.map((t) => t.competitionId).filter((c): c is number => typeof c === 'number'))];
    const promoted = await promotedSince(db, mark, competitions);
    const also: Record<string, string | number> = promoted.length ? { promoted: promoted.join(', '), promotedCount: promoted.length } : {};
    // Notices carry a message key and its values: the browser translates them (a translated text would be
    // taken as a key, and i18next splits keys at ':' and '.').
    if (failures.length === 0) return { message: promoted.length ? (`${done}_promoted` as AdminMessageKey) : done, type: 'success', options: { count: ok, ...also } };
    return { message: 'doneWithErrors', type: ok ? 'info' : 'error', options: { count: ok, failed: failures.length, reason: failures.slice(0, 3).join('; '), ...also } };
  }

  /** A confirmed change of one registration or of the selected ones, the same domain call for each. */
  const change = (
    actionType: 'record' | 'bulk',
    spec: { icon: string; confirm: AdminMessageKey; done: AdminMessageKey & `done${string}`; reason?: boolean; isAccessible?: (context: ActionContext) => boolean },
    run: (actor: Actor, id: number, payload: Record<string, unknown>) => Promise<unknown>,
  ) =>
    confirmedAction(actionType, {
      icon: spec.icon,
      component: components.ConfirmAction,
      isAccessible: spec.isAccessible ?? isStaff,
      showInDrawer: actionType === 'bulk',
      preview: (context) => {
        const targets = targetsOf(context);
        return question(spec.confirm, { names: targets.map((t) => t.name), count: targets.length, ...(spec.reason ? { reason: true, danger: true } : {}) });
      },
      act: (context, payload) => eachRegistration(context, (actor, id) => run(actor, id, payload), spec.done),
    });

  /** The jury panel (and, for one voter, the time slots): the GET answers the choices, the POST assigns. */
  const assignPanel = (actionType: 'record' | 'bulk') =>
    confirmedAction(actionType, {
      icon: 'Users',
      component: components.RegistrationChoice,
      isAccessible: isStaff,
      preview: async (context) => {
        const choices = await registrationChoices(
          db,
          targetsOf(context).map((t) => t.id),
          actionType === 'record',
          ctx.timeZone,
        );
        return 'error' in choices ? { error: translate(adminLanguage(context), choices.error) } : choices;
      },
      act: async (context, payload) => {
        const { record } = context;
        if (actionType === 'record' && payload.timeSlotIds !== undefined && record!.params.role === 'voter') {
          const ids = String(payload.timeSlotIds).split(',').filter(Boolean).map(Number);
          await chooseVoterSlots(db, actorOf(context), Number(record!.id()), ids);
        }
        if (actionType === 'record') {
          await assignJuryPanel(db, actorOf(context), Number(record!.id()), panelOf(payload));
          return { message: 'donePanel', type: 'success', options: { count: 1 } };
        }
        return eachRegistration(context, (actor, id) => assignJuryPanel(db, actor, id, panelOf(payload)), 'donePanel');
      },
    });

  return defineResource(Registration, deps, {
    table: 'registrations',
    // Registrations are made in the chat; the admin changes a status or the check-in, each by the domain's rules.
    writes: {
      update: async ({ id, changes, actor }) => {
        if ('status' in changes) await setRegistrationStatus(db, actor, id, changes.status as RegistrationStatus);
        if ('checkedIn' in changes) await checkInRegistration(db, actor, id, Boolean(changes.checkedIn));
      },
    },
    search: (qb, text) => whereRegistrationUserMatches(qb, db, text),
    // The answer to the reminder: confirmed / declined / approved without an answer.
    virtualFilters: {
      // Answers to the competition's own questions: `12=junior`, `12~junior`, `12:5..10` (domain/read-models/answers.ts).
      answer: (qb, value) => whereAnswersMatch(qb, db, value),
      attendance: (qb, value) => {
        if (!(ATTENDANCE_FILTERS as readonly string[]).includes(value)) return;
        const answer = value as AttendanceFilter;
        qb.andWhere(answer === 'unanswered' ? `t.status = 'approved' AND ${attendanceCondition(answer, 't')}` : attendanceCondition(answer, 't'));
      },
    },
    virtuals: async (rows, c, language) => {
      const summaries = await registrationSummaries(c.db, rows, c.timeZone);
      const histories = await registrationHistories(
        c.db,
        rows.map((r) => r.id),
        c.timeZone,
        language,
        new Map(rows.filter((r) => r.rejectionReason).map((r) => [r.id, r.rejectionReason!])),
      );
      // Who checked the person in, by display name: the key itself is a plain number (admin_users is private).
      const checkers = await adminNames(
        c.db,
        rows.map((r) => r.checkedInByAdminId),
        language,
      );
      const consents = await consentVersions(c.db, rows);
      const teams = await teamsOfRegistrations(
        c.db,
        rows.filter((r) => r.teamId !== null).map((r) => r.id),
      );
      const teamRoleText = (id: number) => {
        const role = teamRoleOf(teams.get(id));
        return role ? valueLabel(language, `teamRole.${role}`) : '';
      };
      const answers = await registrationAnswers(
        c.db,
        rows.map((r) => r.id),
        language,
      );
      return summaries.map((summary, i) => ({
        ...summary,
        // Each answer, a file with the admin's link that fetches it through the bot (admin/answer-files.ts).
        answers: JSON.stringify(
          (answers.get(rows[i].id) ?? []).map(({ answerId, ...a }) => ({ ...a, ...(answerId ? { fileUrl: `${deps.rootPath}/answers/${answerId}/file` } : {}) })),
        ),
        // The list's answer columns (questions marked `listColumn`), shown when the list is one competition's.
        ...Object.fromEntries((answers.get(rows[i].id) ?? []).filter((a) => a.listColumn).map((a) => [`answer_${a.questionId}`, a.text])),
        consentVersion: describeConsent(consents.get(rows[i].id), language, c.timeZone),
        teamRole: teamRoleText(rows[i].id),
        history: histories.get(rows[i].id)?.join('\n') ?? '',
        checkedInBy: rows[i].checkedInByAdminId ? (checkers.get(rows[i].checkedInByAdminId) ?? '') : '',
        // The ticket to show or print (the only one a person added without Telegram gets): approved ones have one.
        ticketLink: rows[i].status === 'approved' ? printPaths(deps.rootPath).ticket(rows[i].id) : '',
      }));
    },
    options: {
      navigation: NAVIGATION.event,
      titleProperty: 'label',
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['label', 'status', 'competitionName', 'teamId', 'role', 'checkedIn', 'juryPanel', 'createdAt'],
      showProperties: [
        'label',
        'status',
        'ticketLink',
        'queuePosition',
        'phone',
        'competitionId',
        'role',
        'teamId',
        'teamRole',
        'rejectionReason',
        'statusChangedAt',
        'consentGiven',
        'consentVersion',
        'checkedIn',
        'checkedInBy',
        'attendanceConfirmedAt',
        'attendanceDeclinedAt',
        'timeSlots',
        'juryPanel',
        'answers',
        'createdAt',
        'userId',
        'id',
        'history',
      ],
      editProperties: ['status', 'checkedIn'],
      filterProperties: ['search', 'competitionId', 'teamId', 'role', 'status', 'checkedIn', 'attendance', 'answer', 'userId'],
      properties: {
        label: { type: 'string', ...readOnly({ list: true, show: false }), ...titleCell },
        competitionName: { type: 'string', ...readOnly({ list: true }) },
        queuePosition: { type: 'number', ...readOnly({ show: true }) },
        status: { ...badge, availableValues: values(REGISTRATION_STATUSES) },
        attendance: { availableValues: values(ATTENDANCE_FILTERS), ...filterOnly },
        answer: { type: 'string', ...filterOnly, components: { filter: components.AnswerFilter } },
        answers: { type: 'string', ...readOnly({ show: true }), components: { show: components.AnswerList } },
        attendanceConfirmedAt: { type: 'string' },
        attendanceDeclinedAt: { type: 'string' },
        search: { type: 'string', ...filterOnly },
        phone: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        timeSlots: { type: 'string', ...readOnly({ show: true }) },
        juryPanel: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        checkedInBy: { type: 'string', ...readOnly({ show: true }) },
        consentVersion: { type: 'string', ...readOnly({ show: true }) },
        ticketLink: { type: 'string', ...readOnly({ show: true }), components: { show: components.DeepLink } },
        history: { type: 'string', ...readOnly({ show: true }), components: { show: components.HistoryView } },
        role: { availableValues: values(REGISTRATION_ROLES) },
        // The team (a link to its page) and, on the registration's page, captain or member (issue 26).
        teamId: { isVisible: { list: true, show: true, edit: false, filter: true } },
        teamRole: { type: 'string', ...readOnly({ show: true }) },
        statusChangedAt: { type: 'string' },
        createdAt: { type: 'string' },
        rejectionReason: { type: 'textarea', ...readOnly({ show: true }) },
      },
    },
    actions: {
      ...access('staff-edit'),
      ...peopleList,
      new: { isAccessible: never, isVisible: false },
      // The competition's questions the list shows as columns and offers as filters (GET; the list's own component asks).
      answerQuestions: {
        actionType: 'resource',
        isVisible: false,
        isAccessible: isStaff,
        handler: async (request, _response, context) => {
          const competitionId = Number((request.query as Record<string, unknown> | undefined)?.competitionId);
          return { questions: Number.isInteger(competitionId) && competitionId > 0 ? await listQuestions(db, competitionId, adminLanguage(context)) : [] };
        },
      },
      delete: { isAccessible: never, isVisible: false },
      // From the waiting list when every place is taken: the confirmation says the maximum grows by one.
      approve: confirmedAction('record', {
        icon: 'Check',
        component: components.ConfirmAction,
        isAccessible: staffWhen('status', 'pending', 'waitlisted', 'offered'),
        preview: async (context) => {
          const target = targetOf(context.record!);
          const growTo = await maximumAfterTakingFromQueue(db, target.id);
          if (growTo === null) return question('confirmApprove', { names: [target.name], count: 1 });
          return question('confirmApproveAddingPlace', { names: [target.name], count: 1, values: { max: growTo }, payload: { addPlace: 'yes' } });
        },
        act: (context, payload) => eachRegistration(context, (actor, id) => approveRegistration(db, actor, id, { addPlace: payload.addPlace === 'yes' }), 'doneApproved'),
      }),
      reject: change(
        'record',
        { icon: 'X', confirm: 'confirmReject', done: 'doneRejected', reason: true, isAccessible: staffWhen('status', 'pending', 'approved', 'waitlisted', 'offered') },
        (actor, id, payload) => rejectRegistration(db, actor, id, reasonOf(payload)),
      ),
      checkIn: change(
        'record',
        {
          icon: 'UserCheck',
          confirm: 'confirmCheckIn',
          done: 'doneCheckedIn',
          isAccessible: (c) => isStaff(c) && !c.record?.params.checkedIn && c.record?.params.status === 'approved',
        },
        (actor, id) => checkInRegistration(db, actor, id, true),
      ),
      undoCheckIn: change(
        'record',
        { icon: 'UserX', confirm: 'confirmUndoCheckIn', done: 'doneCheckInUndone', isAccessible: (c) => isStaff(c) && Boolean(c.record?.params.checkedIn) },
        (actor, id) => checkInRegistration(db, actor, id, false),
      ),
      // Door check-in: a new ticket code; the old one (lost, forwarded) is refused at the door from now on.
      reissueTicket: change('record', { icon: 'RefreshCw', confirm: 'confirmReissueTicket', done: 'doneReissued', isAccessible: staffWhen('status', 'approved') }, (actor, id) =>
        reissueTicket(db, actor, id),
      ),
      assignPanel: assignPanel('record'),
      bulkApprove: change('bulk', { icon: 'Check', confirm: 'confirmBulkApprove', done: 'doneApproved' }, (actor, id) => approveRegistration(db, actor, id)),
      bulkReject: change('bulk', { icon: 'X', confirm: 'confirmBulkReject', done: 'doneRejected', reason: true }, (actor, id, payload) =>
        rejectRegistration(db, actor, id, reasonOf(payload)),
      ),
      bulkCheckIn: change('bulk', { icon: 'UserCheck', confirm: 'confirmBulkCheckIn', done: 'doneCheckedIn' }, (actor, id) => checkInRegistration(db, actor, id, true)),
      bulkAssignPanel: assignPanel('bulk'),
    },
  });
}

/** The consent each registration rests on: its latest record for that competition. */
function consentVersions(db: Database, rows: Registration[]): Promise<Map<number, Consent>> {
  return registrationConsents(db.manager, rows);
}

/** "Версия 2 — 04.12.2026 20:40, в боте" (or "through the admin"); "—" when none was recorded. */
function describeConsent(consent: Consent | undefined, language: Language, timeZone: string): string {
  if (!consent) return '—';
  return translateAdmin(language, consent.via === 'admin' ? 'consentVersionAdmin' : 'consentVersionBot', {
    version: consent.documentVersion,
    date: formatForPeople(consent.givenAt, timeZone),
  });
}
