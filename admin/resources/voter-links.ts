import type { BaseEntity } from 'typeorm';
import { VoterJuryPanel, VoterTimeSlot } from '../../entities/index.js';
import { defineResource } from './define.js';
import { access, type ResourceDeps } from './shared.js';

/**
 * The voters' link tables — which slots a voter chose, who sits on which panel — as two read-only resources,
 * reached from a registration's page and not in the menu. They change only through the registration's actions.
 */
function linkTable<T extends BaseEntity>(entity: (new () => T) & typeof BaseEntity, table: string, target: string, deps: ResourceDeps) {
  return defineResource(entity, deps, {
    table,
    writes: {},
    options: { navigation: false, listProperties: ['id', 'registrationId', target], filterProperties: ['registrationId', target] },
    actions: access('staff-read'),
  });
}

export const voterTimeSlotResource = (deps: ResourceDeps) => linkTable(VoterTimeSlot, 'voter_time_slots', 'timeSlotId', deps);
export const voterJuryPanelResource = (deps: ResourceDeps) => linkTable(VoterJuryPanel, 'voter_jury_panels', 'juryPanelId', deps);
