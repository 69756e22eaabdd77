import { dashboardSummary } from '../domain/read-models/dashboard.js';
import type { ResourceContext } from './resources/app-resource.js';

/** What the dashboard page receives (admin/components/dashboard.tsx reads this type). */
export type DashboardData = Awaited<ReturnType<typeof dashboardData>>;

/** The dashboard's data (see domain/read-models/dashboard.ts), with the admin's link to each competition's pending approvals. */
export async function dashboardData(ctx: ResourceContext, rootPath: string) {
  const competitions = await dashboardSummary(ctx.db, ctx.timeZone);
  return {
    competitions: competitions.map((c) => ({
      ...c,
      pendingUrl: `${rootPath}/resources/Registration?filters.competitionId=${c.id}&filters.status=pending`,
      waitlistUrl: `${rootPath}/resources/Registration?filters.competitionId=${c.id}&filters.status=waitlisted&filters.role=participant&sortBy=createdAt&direction=asc`,
      checkedInUrl: `${rootPath}/resources/Registration?filters.competitionId=${c.id}&filters.status=approved&filters.checkedIn=true`,
      votersUrl: `${rootPath}/resources/Registration?filters.competitionId=${c.id}&filters.role=voter`,
      teamsUrl: `${rootPath}/resources/Team?filters.competitionId=${c.id}`,
    })),
  };
}
