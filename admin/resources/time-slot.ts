import { createTimeSlot, deleteTimeSlot, updateTimeSlot } from '../../domain/index.js';
import { slotSummaries } from '../../domain/read-models/admin-views.js';
import { TimeSlot } from '../../entities/index.js';
import { confirmedDelete } from './confirmed-delete.js';
import { defineResource } from './define.js';
import { access, look, NAVIGATION, type ResourceDeps } from './shared.js';

/** Voting time slots of a competition, with how full each is; deleting one tells the voters who chose it. */
export function timeSlotResource(deps: ResourceDeps) {
  const { db } = deps.ctx;
  const { dateString, readOnly } = look(deps);
  return defineResource(TimeSlot, deps, {
    table: 'time_slots',
    writes: {
      create: ({ changes, actor }) =>
        createTimeSlot(db, actor, {
          competitionId: Number(changes.competitionId),
          startsAt: changes.startsAt,
          endsAt: changes.endsAt,
          capacity: Number(changes.capacity),
        }),
      update: ({ id, changes, actor }) => updateTimeSlot(db, actor, id, changes),
      delete: ({ id, actor }) => deleteTimeSlot(db, actor, id),
    },
    virtuals: (rows, c) => slotSummaries(c.db, rows, c.timeZone),
    options: {
      navigation: NAVIGATION.event,
      titleProperty: 'label',
      sort: { sortBy: 'startsAt', direction: 'asc' },
      listProperties: ['label', 'fill', 'capacity', 'startsAt', 'endsAt'],
      showProperties: ['id', 'competitionId', 'startsAt', 'endsAt', 'capacity', 'fill'],
      editProperties: ['competitionId', 'startsAt', 'endsAt', 'capacity'],
      filterProperties: ['competitionId', 'startsAt'],
      properties: {
        label: { type: 'string', ...readOnly({ list: true }), isTitle: true },
        fill: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        competitionId: { isRequired: true },
        startsAt: { ...dateString, isRequired: true },
        endsAt: { ...dateString, isRequired: true },
        capacity: { isRequired: true },
      },
    },
    actions: { ...access('staff-crud'), delete: confirmedDelete(deps, 'time_slots', 'confirmSlotDelete', (actor, id) => deleteTimeSlot(db, actor, id)) },
  });
}
