import { createJuryPanel, deleteJuryPanel, updateJuryPanel } from '../../domain/index.js';
import { JuryPanel } from '../../entities/index.js';
import { confirmedDelete } from './confirmed-delete.js';
import { defineResource } from './define.js';
import { access, NAVIGATION, type ResourceDeps } from './shared.js';

/** Jury panels of a competition; deleting one tells the voters on it. */
export function juryPanelResource(deps: ResourceDeps) {
  const { db } = deps.ctx;
  return defineResource(JuryPanel, deps, {
    table: 'jury_panels',
    writes: {
      create: ({ changes, actor }) => createJuryPanel(db, actor, { competitionId: Number(changes.competitionId), name: changes.name, capacity: changes.capacity ?? null }),
      update: ({ id, changes, actor }) => updateJuryPanel(db, actor, id, changes),
      delete: ({ id, actor }) => deleteJuryPanel(db, actor, id),
    },
    options: {
      navigation: NAVIGATION.event,
      titleProperty: 'name',
      listProperties: ['name', 'competitionId', 'capacity'],
      editProperties: ['competitionId', 'name', 'capacity'],
      filterProperties: ['competitionId', 'name'],
      properties: { competitionId: { isRequired: true }, name: { isRequired: true, isTitle: true } },
    },
    actions: { ...access('staff-crud'), delete: confirmedDelete(deps, 'jury_panels', 'confirmPanelDelete', (actor, id) => deleteJuryPanel(db, actor, id)) },
  });
}
