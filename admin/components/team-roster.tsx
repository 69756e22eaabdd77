import React from 'react';
import { Badge, Box, Button, Label, Link, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { useTranslation, type ShowPropertyProps } from 'adminjs';

interface Member {
  registrationId: number;
  name: string;
  username: string | null;
  status: string;
  isCaptain: boolean;
  checkedIn: boolean;
}
interface TeamAnswer {
  questionId: number;
  title: string;
  text: string;
}
interface Roster {
  members: Member[];
  answers: TeamAnswer[];
  /** Whether the page's reader may act on the members (remove, hand over captaincy). */
  actions: boolean;
}

function readRoster(json: string): Roster {
  try {
    return JSON.parse(json) as Roster;
  } catch {
    return { members: [], answers: [], actions: false };
  }
}

/**
 * A team's page (admin/resources/team.ts): its members — each a link to the registration (where the organizer acts on
 * that one person), the captain marked, the status, who has arrived — with "remove" and "make captain" beside each,
 * which open the action's confirmation with that member chosen; then the team's answers to the team questions.
 * On a phone the table scrolls sideways, the name first.
 */
const TeamRoster = ({ property, record }: ShowPropertyProps) => {
  const { translateProperty, translateMessage, translateLabel, translateAction } = useTranslation();
  const t = (key: string) => translateMessage(key, property.resourceId);
  const roster = readRoster(String(record?.params?.[property.path] ?? '{}'));
  const root = window.location.pathname.split('/resources/')[0];
  const actionUrl = (action: string, registrationId: number) => `${root}/resources/Team/records/${record!.id}/${action}?registrationId=${registrationId}`;
  return (
    <Box mb="xl" data-testid="team-roster">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {roster.members.length === 0 ? (
        <Text mb="lg">{t('teamRoster_none')}</Text>
      ) : (
        <Box style={{ overflowX: 'auto' }} mb="lg">
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>{t('teamRoster_member')}</TableCell>
                <TableCell>{translateProperty('status', property.resourceId)}</TableCell>
                {roster.actions && <TableCell />}
              </TableRow>
            </TableHead>
            <TableBody>
              {roster.members.map((m) => (
                <TableRow key={m.registrationId} data-testid="team-member" data-captain={m.isCaptain ? 'yes' : undefined}>
                  <TableCell>
                    <Link href={`${root}/resources/Registration/records/${m.registrationId}/show`} data-testid="team-member-link" style={{ overflowWrap: 'anywhere' }}>
                      {m.name}
                    </Link>
                    {m.username ? <Text as="span" ml="sm" style={{ color: '#555' }}>{`@${m.username}`}</Text> : null}
                    {m.isCaptain ? (
                      <Badge ml="sm" variant="primary" data-testid="team-captain">
                        {t('teamRoster_captain')}
                      </Badge>
                    ) : null}
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    <Badge>{translateLabel(`status.${m.status}`, property.resourceId)}</Badge>
                    {m.checkedIn ? (
                      <Text as="span" ml="sm">
                        ✓ {t('teamRoster_arrived')}
                      </Text>
                    ) : null}
                  </TableCell>
                  {roster.actions && (
                    <TableCell style={{ whiteSpace: 'nowrap' }}>
                      {!m.isCaptain && (
                        <>
                          <Button as="a" size="sm" variant="outlined" mr="sm" href={actionUrl('handOverCaptaincy', m.registrationId)} data-testid="team-make-captain">
                            {translateAction('handOverCaptaincy', property.resourceId)}
                          </Button>
                          <Button as="a" size="sm" variant="outlined" color="danger" href={actionUrl('removeMember', m.registrationId)} data-testid="team-remove-member">
                            {translateAction('removeMember', property.resourceId)}
                          </Button>
                        </>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <Label>{t('teamRoster_answers')}</Label>
      {roster.answers.length === 0 ? (
        <Text data-testid="team-answers-none">{t('teamRoster_noAnswers')}</Text>
      ) : (
        <Box as="dl" data-testid="team-answers">
          {roster.answers.map((a) => (
            <Box key={a.questionId} mb="default">
              <Text as="dt" fontWeight="bold" style={{ overflowWrap: 'anywhere' }}>
                {a.title}
              </Text>
              <Text as="dd" ml="0" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid={`team-answer-${a.questionId}`}>
                {a.text}
              </Text>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
};

export default TeamRoster;
