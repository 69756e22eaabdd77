import type { ResourceWithOptions } from 'adminjs';
import { adminAuditResource } from './admin-audit.js';
import { adminUserResource } from './admin-user.js';
import { broadcastDeliveryResource } from './broadcast-delivery.js';
import { broadcastResource } from './broadcast.js';
import { competitionResource } from './competition.js';
import { consentDocumentResource } from './consent-document.js';
import { juryPanelResource } from './jury-panel.js';
import { outboxMessageResource } from './outbox-message.js';
import { questionResource } from './question.js';
import { registrationResource } from './registration.js';
import type { ResourceDeps } from './shared.js';
import { teamResource } from './team.js';
import { timeSlotResource } from './time-slot.js';
import { userResource } from './user.js';
import { voterJuryPanelResource, voterTimeSlotResource } from './voter-links.js';

export { isAdmin, isStaff, type ResourceDeps } from './shared.js';
export type { ResourceContext } from './app-resource.js';

/** Every resource of the admin, in the menu's order; each file holds one whole (see define.ts). */
export function buildResources(deps: ResourceDeps): ResourceWithOptions[] {
  return [
    competitionResource,
    timeSlotResource,
    juryPanelResource,
    questionResource,
    registrationResource,
    teamResource,
    userResource,
    voterTimeSlotResource,
    voterJuryPanelResource,
    broadcastResource,
    broadcastDeliveryResource,
    outboxMessageResource,
    adminUserResource,
    adminAuditResource,
    consentDocumentResource,
  ].map((resource) => resource(deps));
}
