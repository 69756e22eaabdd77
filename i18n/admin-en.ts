import type { AdminCatalogue } from './admin-ru.js';

/** The admin's texts in English: the same keys as the Russian catalogue (admin-ru.ts), checked by its type. */
export const adminEn: AdminCatalogue = {
  /** Sections, navigation groups and pages of the menu. */
  names: {
    User: 'Users', Competition: 'Competitions', TimeSlot: 'Voting slots', JuryPanel: 'Jury panels', Registration: 'Registrations',
    VoterTimeSlot: 'Voter slots', VoterJuryPanel: 'Voter panels', OutboxMessage: 'Notifications', Broadcast: 'Broadcasts',
    BroadcastDelivery: 'Broadcast deliveries', AdminUser: 'Admin users', AdminAudit: 'Audit log', dashboard: 'Dashboard', event: 'Events',
    people: 'People', messages: 'Messages', access: 'Access', changePassword: 'Change password', navigation: 'Navigation', pages: 'Pages',
    selectedRecords: 'Selected ({{selected}})', filters: 'Filters',
  },
  /** Values of enumerations as they are shown (`status.pending`), AdminJS's `labels` too. */
  values: {
    'status.pending': 'pending', 'status.approved': 'approved', 'status.waitlisted': 'waitlisted', 'status.rejected': 'rejected',
    'status.cancelled': 'cancelled', 'status.sent': 'sent', 'status.failed': 'failed', 'status.blocked': 'blocked', 'role.participant': 'participant',
    'role.voter': 'voter', 'role.admin': 'admin', 'role.organizer': 'organizer', 'state.draft': 'draft', 'state.sending': 'sending',
    'state.done': 'done', 'state.cancelled': 'cancelled', 'state.scheduled': 'scheduled', 'status.sending': 'sending',
    'status.interrupted': 'interrupted (may or may not have arrived)', 'checkedIn.true': 'present', 'checkedIn.false': 'no', 'view.all': 'All',
    'view.pending': 'Pending', 'view.waitlisted': 'Waiting list', 'view.approved': 'Approved', 'view.checkedIn': 'Present',
    'attendance.confirmed': 'coming', 'attendance.declined': 'can’t come', 'attendance.unanswered': 'no answer',
  },
  /** Yes and no, for the yes/no columns. */
  yesNo: { yes: 'yes', no: 'no' },
  /** Columns every section shares. */
  commonProperties: {
    id: 'ID', createdAt: 'Created', updatedAt: 'Updated', competitionId: 'Competition', userId: 'User', registrationId: 'Registration',
    status: 'Status', role: 'Role', search: 'Search (name, username, phone)',
  },
  resources: {
    User: {
      properties: {
        displayName: 'Name', telegramId: 'Telegram ID', username: 'Username', firstName: 'First name', lastName: 'Last name', fullName: 'Full name',
        phone: 'Phone', languageCode: 'Telegram language', preferredLanguage: 'Chosen language', isBlocked: 'Blocked the bot',
        remindersEnabled: 'Reminders', registrationsLink: 'Registrations of this user',
      },
      actions: {},
    },
    Competition: {
      properties: {
        title: 'Title', description: 'Description', location: 'Location', startsAt: 'Starts at', registrationOpen: 'Registration open',
        registrationClosesAt: 'Registration closes at', requiresApproval: 'Requires approval', maxParticipants: 'Max participants',
        deepLink: 'Registration link', registrationsLink: 'All registrations', waitlistLink: 'Waiting list', exportLink: 'Download CSV',
      },
      actions: {
        exportCsv: 'Export CSV',
      },
    },
    TimeSlot: {
      properties: {
        label: 'Slot', startsAt: 'Starts at', endsAt: 'Ends at', capacity: 'Capacity', fill: 'Taken',
      },
      actions: {},
    },
    JuryPanel: {
      properties: {
        name: 'Name', capacity: 'Capacity',
      },
      actions: {},
    },
    Registration: {
      properties: {
        label: 'Person', competitionName: 'Competition', queuePosition: 'Place in the waiting list', phone: 'Phone',
        statusChangedAt: 'Status changed', consentGiven: 'Consent', checkedIn: 'Checked in', checkedInBy: 'Checked in by', timeSlots: 'Slots',
        juryPanel: 'Jury panel', history: 'History', attendance: 'Reminder answer', attendanceConfirmedAt: 'Confirmed attendance',
        attendanceDeclinedAt: 'Answered “can’t come”',
      },
      actions: {
        approve: 'Approve', reject: 'Reject', checkIn: 'Check in', undoCheckIn: 'Undo check-in', reissueTicket: 'Reissue ticket',
        assignPanel: 'Assign jury panel', bulkApprove: 'Approve selected', bulkReject: 'Reject selected', bulkCheckIn: 'Check in selected',
        bulkAssignPanel: 'Assign panel to selected',
      },
    },
    VoterTimeSlot: {
      properties: {
        timeSlotId: 'Slot',
      },
      actions: {},
    },
    VoterJuryPanel: {
      properties: {
        juryPanelId: 'Jury panel',
      },
      actions: {},
    },
    OutboxMessage: {
      properties: {
        kind: 'Kind', payload: 'Payload', text: 'Text', attempts: 'Attempts', nextAttemptAt: 'Next attempt', error: 'Error', sentAt: 'Sent at',
      },
      actions: {
        resend: 'Resend', bulkResend: 'Resend selected',
      },
    },
    Broadcast: {
      properties: {
        text: 'Text', state: 'State', totalCount: 'Total', sentCount: 'Sent', failedCount: 'Failed', blockedCount: 'Blocked', startedAt: 'Started',
        finishedAt: 'Finished', scheduledAt: 'Send at', disableLinkPreview: 'No link preview', checkedIn: 'Checked in', attendance: 'Reminder answer',
      },
      actions: {
        send: 'Send now', schedule: 'Schedule', cancelBroadcast: 'Cancel broadcast', retryFailed: 'Retry failed', progress: 'Progress',
      },
    },
    BroadcastDelivery: {
      properties: {
        broadcastId: 'Broadcast', error: 'Error', sentAt: 'Sent at',
      },
      actions: {},
    },
    AdminUser: {
      properties: {
        email: 'E-mail', newPassword: 'New password',
      },
      actions: {},
    },
    AdminAudit: {
      properties: {
        createdAt: 'When', adminUserId: 'Who', action: 'Action', resource: 'Table', recordId: 'Record', changes: 'Changes (before → after)',
        sentence: 'What was done', adminName: 'Who',
      },
      actions: {},
    },
  },
  /** AdminJS's own actions. */
  actions: {
    new: 'Create new', edit: 'Edit', show: 'Show', delete: 'Delete', bulkDelete: 'Delete selected', list: 'List', search: 'Search',
  },
  buttons: {
    save: 'Save', addNewItem: 'Add', filter: 'Filter', filterActive: 'Filter ({{count}})', applyChanges: 'Apply', resetFilter: 'Reset',
    confirmRemovalMany: 'Confirm the removal of {{count}} record', confirmRemovalMany_plural: 'Confirm the removal of {{count}} records',
    logout: 'Log out', login: 'Log in', createFirstRecord: 'Create the first record', cancel: 'Cancel', confirm: 'Confirm',
  },
  login: {
    welcomeHeader: 'Welcome', welcomeMessage: 'to the competition organizers\' admin', email: 'E-mail', password: 'Password', loginButton: 'Login',
  },
  /** Words of AdminJS's filters and arrays. */
  properties: {
    length: 'Length', from: 'From', to: 'To',
  },
  messages: {
    pageNotFound_title: 'Page not found', pageNotFound_subtitle: 'There is no page <strong>“{{pageName}}”</strong>',
    successfullyBulkDeleted: '{{count}} record deleted', successfullyBulkDeleted_plural: '{{count}} records deleted',
    successfullyDeleted: 'Record deleted', successfullyUpdated: 'Changes saved',
    thereWereValidationErrors: 'There are errors — check the fields below',
    forbiddenError: 'The action {{actionName}} on {{resourceId}} is not available to you', anyForbiddenError: 'This action is not available to you',
    successfullyCreated: 'Record created', noRecordsSelected: 'Nothing selected', theseRecordsWillBeRemoved: 'This record will be deleted',
    theseRecordsWillBeRemoved_plural: 'These records will be deleted', noRecordsInResource: 'No records yet', noRecords: 'No records',
    confirmDelete: 'Delete this record?', invalidCredentials: 'Wrong e-mail or password',
    tooManyLoginAttempts: 'Too many login attempts. Wait a few minutes and try again.',
    loginBusy: 'The server is busy right now. Try to log in again in a few seconds.',
    error404Record: 'Record {{recordId}} does not exist or is not available to you', error404Resource: 'There is no section {{resourceId}}',
    error404Action: 'The action {{actionName}} is not available', errorFetchingRecords: 'Could not load the records',
    errorFetchingRecord: 'Could not load the record',
    confirmCompetitionDelete: 'Delete the competition? ALL its registrations, slots and jury panels are deleted with it.',
    confirmSlotDelete: 'Delete the slot? Voters\' choices of this slot are deleted too.',
    confirmPanelDelete: 'Delete the jury panel? Voters\' assignments to it are deleted too.', confirmReject: 'Reject the application of {{name}}?',
    confirmReject_hint: 'The user is notified (with the reason, if given) and cannot register again.', confirmReject_button: 'Reject',
    confirmBulkReject: 'Reject the selected applications ({{count}})?', confirmBulkReject_hint: 'The users are notified (with the reason, if given).',
    confirmBulkReject_button: 'Reject', confirmApprove: 'Approve the application of {{name}}?', confirmApprove_hint: 'The user is notified.',
    confirmApprove_button: 'Approve', confirmBulkApprove: 'Approve the selected applications ({{count}})?',
    confirmBulkApprove_hint: 'The users are notified.', confirmBulkApprove_button: 'Approve', confirmCheckIn: 'Check in {{name}}?',
    confirmCheckIn_button: 'Check in', confirmBulkCheckIn: 'Check in the selected people ({{count}})?', confirmBulkCheckIn_button: 'Check in',
    confirmUndoCheckIn: 'Undo the check-in of {{name}}?', confirmUndoCheckIn_button: 'Undo check-in', selectAny: 'Any', selectOne: 'Choose…',
    selectNone: 'Not chosen', noOptions: 'Nothing found', reasonLabel: 'Reason (sent to the user; optional)',
    searchPeople: 'Search: name, @username or phone', copyLink: 'Copy', linkCopied: 'Copied', printQr: 'Print the QR code',
    doneRejected_promoted: 'Rejected: {{count}}. Moved up from the waiting list: {{promoted}}',
    doneApproved_promoted: 'Approved: {{count}}. Moved up from the waiting list: {{promoted}}', doneCheckedIn_promoted: 'Checked in: {{count}}',
    donePanel_promoted: 'Assigned: {{count}}', dashboard_door: 'Checked in: {{checkedIn}} of {{expected}}',
    dashboard_attendance: 'Reminder answers: coming {{confirmed}} · declined {{declined}} · no answer {{unanswered}}',
    dashboard_failed: 'Could not load the dashboard. Reload the page.', dashboard_none: 'No open competitions.',
    dashboard_ofCapacity: '{{taken}} of {{capacity}}', dashboard_places: 'places taken', dashboard_placesNoLimit: 'participants (no limit)',
    dashboard_pending: 'pending approval', dashboard_waitlisted: 'on the waiting list', dashboard_checkedIn: 'checked in of approved',
    dashboard_voters: 'voters', dashboard_slots: 'Voting slots', dashboard_perDay: 'Registrations, last 14 days',
    dashboard_pendingLink: 'Pending approval: {{count}} →', timeFormat: 'Type the date and time as DD.MM.YYYY HH:mm, e.g. 20.03.2027 11:00',
    timeNoSuch: 'No such date: {{value}}',
    confirmReissueTicket: 'Reissue the ticket? The old QR code stops working; the person gets the new one from “🎫 Ticket” in the bot.',
    confirmReissueTicket_button: 'Reissue', doneReissued: 'Tickets reissued: {{count}}', confirmSend_one: 'Send to {{count}} recipient?',
    confirmSend_other: 'Send to {{count}} recipients?', confirmSend_button: 'Send',
    confirmSchedule_one: 'Schedule the broadcast? The audience has {{count}} recipient now (it is taken when sending starts).',
    confirmSchedule_other: 'Schedule the broadcast? The audience has {{count}} recipients now (it is taken when sending starts).',
    confirmSchedule_button: 'Schedule', confirmCancelBroadcast: 'Cancel the broadcast? Messages not sent yet will not go.',
    confirmCancelBroadcast_button: 'Cancel broadcast',
    confirmRetryFailed: 'Retry the failed deliveries ({{count}})? Delivered ones are never repeated.', confirmRetryFailed_button: 'Retry',
    confirmResend: 'Send the notifications again ({{count}})? They may have arrived: the user may see them twice.', confirmResend_button: 'Resend',
    broadcastScheduled: 'The broadcast is scheduled', broadcastCancelled: 'The broadcast is cancelled',
    broadcastRetried: 'The failed ones are being sent again', resent: 'Resent: {{count}}', broadcastState: 'Broadcast: {{state}}',
    broadcastState_draft: 'draft', broadcastState_scheduled: 'scheduled', broadcastState_sending: 'sending', broadcastState_done: 'sent',
    broadcastState_cancelled: 'cancelled', broadcastScheduledAt: 'Sending at: {{at}}', broadcastPreview: 'What the recipient sees:',
    progressSent: 'Delivered', progressFailed: 'Failed', progressBlocked: 'Blocked the bot', progressPending: 'Queued',
    progressCancelled: 'Cancelled', progressRate: 'Rate', progressEta: 'Ends ≈', nothingToDo: 'Nothing to do here.',
    doneApproved: 'Approved: {{count}}', doneRejected: 'Rejected: {{count}}', doneCheckedIn: 'Checked in: {{count}}',
    donePanel: 'Assigned: {{count}}', doneWithErrors: 'Done: {{count}}. Failed: {{failed}} — {{reason}}',
    broadcastStarted: 'The broadcast is being sent', passwordChanged: 'Password changed', domainError: '{{reason}}',
    passwordMismatch: 'The passwords do not match', wrongCurrentPassword: 'The current password is wrong',
  },
  /** The CSV export: column headers and the file name's word. */
  csv: {
    headers: {
      registration_id: 'Registration', status: 'Status', waitlist_position: 'Waiting list position', role: 'Role', checked_in: 'Checked in',
      consent_given: 'Consent to data processing', registered_at: 'Registered at', status_changed_at: 'Status changed at', telegram_id: 'Telegram ID',
      username: 'Username', first_name: 'First name', last_name: 'Last name', full_name: 'Full name', phone: 'Phone', language: 'Language',
      time_slots: 'Voting slots', jury_panel: 'Jury panel', attendance: 'Reminder answer',
    },
    fileName: 'registrations',
  },
};
