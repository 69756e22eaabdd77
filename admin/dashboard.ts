import { dashboardSummary } from '../domain/read-models/dashboard.js';
import { optionCounts } from '../domain/read-models/answers.js';
import type { Language } from '../i18n/index.js';
import type { ResourceContext } from './resources/app-resource.js';

/** What the dashboard page receives (admin/components/dashboard.tsx reads this type). */
export type DashboardData = Awaited<ReturnType<typeof dashboardData>>;

/** The dashboard's data (see domain/read-models/dashboard.ts), with the admin's link to each competition's pending approvals. */
export async function dashboardData(ctx: ResourceContext, rootPath: string, language: Language = 'ru') {
  const competitions = await dashboardSummary(ctx.db, ctx.timeZone);
  // Per choice question: how many chose each option, and the places an option with a limit has left.
  const options = await optionCounts(
    ctx.db,
    competitions.map((c) => c.id),
    language,
  );
  return {
    competitions: competitions.map((c) => ({
      ...c,
      options: options.get(c.id) ?? [],
      pendingUrl: `${rootPath}/resources/Registration?filters.competitionId=${c.id}&filters.status=pending`,
      waitlistUrl: `${rootPath}/resources/Registration?filters.competitionId=${c.id}&filters.status=waitlisted&filters.role=participant&sortBy=createdAt&direction=asc`,
      checkedInUrl: `${rootPath}/resources/Registration?filters.competitionId=${c.id}&filters.status=approved&filters.checkedIn=true`,
      votersUrl: `${rootPath}/resources/Registration?filters.competitionId=${c.id}&filters.role=voter`,
    })),
  };
}
