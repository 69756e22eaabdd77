import { adminNames } from '../../domain/read-models/admin-views.js';
import { auditSentences } from '../../domain/read-models/audit-sentences.js';
import { AdminAudit } from '../../entities/index.js';
import { defineResource } from './define.js';
import { access, look, NAVIGATION, type ResourceDeps } from './shared.js';

/** What was done in the admin, by whom, as a sentence; read only. */
export function adminAuditResource(deps: ResourceDeps) {
  const { components } = deps;
  const { readOnly, titleCell } = look(deps);
  return defineResource(AdminAudit, deps, {
    table: 'admin_audit',
    writes: {},
    plainKeys: ['adminUserId'],
    // Organizers do not see the admin accounts, so neither what was done to them (their e-mails are in those rows).
    hide: (qb, currentAdmin) => {
      if (currentAdmin?.role !== 'admin') qb.andWhere("t.resource <> 'admin_users'");
    },
    virtuals: async (rows, c, language) => {
      const names = await adminNames(
        c.db,
        rows.map((r) => r.adminUserId),
        language,
      );
      const sentences = await auditSentences(c.db, rows, c.timeZone, language);
      return rows.map((r, i) => ({ adminName: r.adminUserId ? (names.get(r.adminUserId) ?? '') : '', sentence: sentences[i] }));
    },
    options: {
      navigation: NAVIGATION.access,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      titleProperty: 'sentence',
      listProperties: ['createdAt', 'sentence'],
      showProperties: ['createdAt', 'sentence', 'adminName', 'action', 'resource', 'recordId', 'changes', 'id'],
      filterProperties: ['adminUserId', 'action', 'resource', 'recordId', 'createdAt'],
      properties: {
        // A plain number, not a reference: a reference would make AdminJS send the whole admin account
        // (e-mail, role) along with every audit row, to organizers too.
        adminUserId: { type: 'number', isVisible: { list: false, show: false, edit: false, filter: true } },
        adminName: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
        sentence: { type: 'string', ...readOnly({ list: true, show: true }), ...titleCell },
        changes: { type: 'mixed', components: { show: components.JsonView } },
        createdAt: { type: 'string' },
      },
    },
    actions: access('staff-read'),
  });
}
