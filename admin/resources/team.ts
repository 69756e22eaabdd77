import { Team, TEAM_STATUSES } from '../../entities/index.js';
import { teamAnswerLines, teamListColumns, teamRoster } from '../../domain/read-models/team-views.js';
import { defineResource } from './define.js';
import { access, look, NAVIGATION, values, type ResourceDeps } from './shared.js';
import { teamActions } from './team-actions.js';

/**
 * Teams (issue 26): the list — filtered by competition, status and name, each page's computed columns read by three
 * small grouped queries (domain/read-models/team-views.ts) — and a team's page: its roster (each member a link to the
 * registration, the captain marked), its answers to the team questions, the invite link. Teams are made in the chat;
 * the organizers' changes are the confirmed actions of team-actions.ts, each through domain/teams.ts. Door staff do
 * not see teams.
 */
export function teamResource(deps: ResourceDeps) {
  const { components, botUsername } = deps;
  const { badge, readOnly, titleCell } = look(deps);
  return defineResource(Team, deps, {
    table: 'teams',
    writes: {},
    // The captain is shown by name; AdminJS would otherwise carry the whole registration along.
    plainKeys: ['captainRegistrationId'],
    // Never sent: the invite code is shown on the team's own page only (as its link).
    secret: ['nameKey'],
    virtuals: async (rows, c, language) => {
      const columns = await teamListColumns(c.db, rows);
      // One team's page: its roster and answers too.
      const one = rows.length === 1 ? rows[0] : null;
      const roster = one ? await teamRoster(c.db, one.id, one.captainRegistrationId) : [];
      const answers = one ? ((await teamAnswerLines(c.db, [one.id], language)).get(one.id) ?? []) : [];
      const username = botUsername();
      return rows.map((t, i) => ({
        ...columns[i],
        ...(one
          ? {
              roster: JSON.stringify({ members: roster, answers, actions: t.status !== 'dissolved' }),
              inviteLink: username ? `https://t.me/${username}?start=j_${t.inviteCode}` : '',
            }
          : {}),
        registrationsLink: `${deps.rootPath}/resources/Registration?filters.teamId=${t.id}`,
      }));
    },
    options: {
      navigation: NAVIGATION.event,
      titleProperty: 'name',
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['name', 'competitionId', 'captainName', 'members', 'status', 'createdAt'],
      showProperties: ['name', 'status', 'competitionId', 'captainName', 'members', 'roster', 'inviteLink', 'inviteCode', 'registrationsLink', 'createdAt', 'id'],
      filterProperties: ['competitionId', 'status', 'name'],
      properties: {
        name: { ...titleCell },
        status: { ...badge, availableValues: values(TEAM_STATUSES) },
        captainName: { type: 'string', ...readOnly({ list: true, show: true }) },
        members: { type: 'number', ...readOnly({ list: true, show: true }) },
        roster: { type: 'string', ...readOnly({ show: true }), components: { show: components.TeamRoster } },
        inviteLink: { type: 'string', ...readOnly({ show: true }), components: { show: components.ShareLink } },
        inviteCode: { isVisible: { list: false, show: true, edit: false, filter: false } },
        registrationsLink: { type: 'string', ...readOnly({ show: true }), components: { show: components.DeepLink } },
        captainRegistrationId: { isVisible: false },
        createdAt: { type: 'string' },
      },
    },
    actions: {
      ...access('staff-read'),
      ...teamActions(deps),
    },
  });
}
