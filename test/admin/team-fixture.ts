import { adminActor, userActor } from '../../domain/actor.js';
import type { Database } from '../../domain/infrastructure/database.js';
import { createQuestion } from '../../domain/questions.js';
import { registerForCompetition } from '../../domain/registrations.js';
import { createTeam } from '../../domain/teams.js';
import { AdminUser, type Competition, type Question, type Registration, type Team, type User } from '../../entities/index.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';

export interface TeamFixture {
  competition: Competition;
  team: Team;
  school: Question;
  /** The captain first, then the members in the order they joined. */
  people: Array<{ user: User; registration: Registration }>;
}

/**
 * A team competition with a team question ("Школа", asked of the captain), a team named `teamName` made by
 * "<teamName> Капитан", and `members` who joined by its invite code — each through the domain, as the bot does.
 */
export async function makeTeam(
  db: Database,
  organizerEmail: string,
  options: { title: string; teamName: string; members: string[]; school?: string; competition?: Partial<Competition> },
): Promise<TeamFixture> {
  const competition = await makeCompetition(db, { title: options.title, teamMode: 'optional', teamMin: 2, teamMax: 5, ...options.competition });
  const organizerId = (await db.manager.findOneByOrFail(AdminUser, { email: organizerEmail })).id;
  const school = await createQuestion(db, adminActor(organizerId), {
    competitionId: competition.id,
    role: 'participant',
    kind: 'text',
    titleRu: 'Школа команды',
    titleEn: 'Team school',
    required: true,
    forTeam: true,
  });
  const people: TeamFixture['people'] = [];
  let team: Team | null = null;
  for (const name of [`${options.teamName} Капитан`, ...options.members]) {
    const user = await makeUser(db, { fullName: name });
    const { registration } = await registerForCompetition(db, userActor(user.id), {
      userId: user.id,
      competitionId: competition.id,
      role: 'participant',
      consentGiven: true,
      lang: 'ru',
      ...(team ? { teamCode: team.inviteCode } : {}),
    });
    people.push({ user, registration });
    if (!team) {
      team = (
        await createTeam(db, userActor(user.id), { registrationId: registration.id, name: options.teamName, answers: { [school.id]: options.school ?? 'Лицей 1' }, lang: 'ru' })
      ).team;
    }
  }
  return { competition, team: team!, school, people };
}
