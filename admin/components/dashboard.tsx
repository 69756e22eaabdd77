import React, { useEffect, useState } from 'react';
import { Box, H2, H4, Link, Loader, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';
import RegistrationsChart from './registrations-chart.js';
import { STATUS_COLOURS } from './look.js';
import type { DashboardData } from '../dashboard.js';

type CompetitionSummary = DashboardData['competitions'][number];

interface OptionCount {
  questionId: number;
  title: string;
  options: Array<{ value: string; label: string; chosen: number; limit: number | null; left: number | null }>;
}

/** A competition's counts per option of its choice questions, asked by the card itself (Competition's `optionCounts`). */
const OptionCounts = ({ competitionId, m }: { competitionId: number; m: (key: string, values?: Record<string, unknown>) => string }) => {
  const [counts, setCounts] = useState<OptionCount[]>([]);
  useEffect(() => {
    void new ApiClient()
      .recordAction({ resourceId: 'Competition', recordId: String(competitionId), actionName: 'optionCounts' })
      .then((response) => setCounts((response.data as unknown as { options?: OptionCount[] }).options ?? []))
      .catch(() => setCounts([]));
  }, [competitionId]);
  return (
    <>
      {counts.map((q) => (
        <Box mt="lg" key={q.questionId} data-testid={`option-counts-${q.questionId}`}>
          <Text fontWeight="bold" style={{ overflowWrap: 'anywhere' }}>
            {q.title}
          </Text>
          {q.options.map((o) => (
            <Text key={o.value} mt="sm" data-testid={`option-${q.questionId}-${o.value}`} style={{ overflowWrap: 'anywhere' }}>
              {o.label}: {o.chosen}
              {o.left !== null ? ` · ${m('optionLeft', { left: o.left, limit: o.limit })}` : ''}
            </Text>
          ))}
        </Box>
      ))}
    </>
  );
};

/** One figure of a card: big number, what it is, a link to the people behind it. */
const Figure = ({ testId, value, label, href, colour }: { testId: string; value: string; label: string; href?: string; colour: string }) => {
  const [fg, bg] = STATUS_COLOURS[colour] ?? STATUS_COLOURS.neutral;
  const body = (
    <Box p="default" style={{ background: bg, color: fg, borderRadius: 8, minWidth: 0 }}>
      <div style={{ fontSize: 24, fontWeight: 700, lineHeight: '30px', whiteSpace: 'nowrap' }} data-testid={testId}>
        {value}
      </div>
      <div style={{ fontSize: 13 }}>{label}</div>
    </Box>
  );
  return href ? (
    <Link href={href} data-testid={`${testId}-link`} style={{ textDecoration: 'none', color: fg }}>
      {body}
    </Link>
  ) : (
    body
  );
};

/**
 * Per open competition, "how is it going?" at a glance: places taken of capacity, pending (to approve),
 * the waiting list, checked in of expected — each a link to those people — voters and slot fill, and
 * registrations per day as a small chart. A grid of cards that folds to one column on a phone.
 */
const Dashboard = () => {
  const [data, setData] = useState<{ competitions: CompetitionSummary[] } | null>(null);
  const [failed, setFailed] = useState(false);
  const { translateLabel, translateMessage } = useTranslation();
  useEffect(() => {
    const load = () =>
      void new ApiClient().getDashboard<{ competitions: CompetitionSummary[] }>().then(
        (response) => setData(response.data),
        () => setFailed(true),
      );
    load();
    // Door check-in: the count at the door rises live on the competition's day.
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, []);
  const m = (key: string, values: Record<string, unknown> = {}) => translateMessage(`dashboard_${key}`, undefined, values);
  if (!data) {
    return (
      <Box variant="grey" p={['lg', 'xl']} data-testid="dashboard">
        <H2>{translateLabel('dashboard')}</H2>
        {failed ? <Text>{m('failed')}</Text> : <Loader />}
      </Box>
    );
  }
  return (
    <Box variant="grey" p={['default', 'xl']} data-testid="dashboard">
      <H2>{translateLabel('dashboard')}</H2>
      {data.competitions.length === 0 && <Text>{m('none')}</Text>}
      {data.competitions.map((c) => (
        <Box key={c.id} variant="white" mb="xl" p={['default', 'lg']} data-testid={`dashboard-competition-${c.id}`}>
          <H4 style={{ overflowWrap: 'anywhere' }}>
            {c.title}
            {c.startsAt ? ` · ${c.startsAt}` : ''}
          </H4>
          {c.door && (
            <Text fontSize="xl" fontWeight="bold" mb="lg" data-testid="door-count">
              {m('door', { checkedIn: c.door.checkedIn, expected: c.door.expected })}
            </Text>
          )}
          <Box style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 10 }}>
            <Figure
              testId="places"
              colour="approved"
              value={c.capacity === null ? String(c.placesTaken) : m('ofCapacity', { taken: c.placesTaken, capacity: c.capacity })}
              label={c.capacity === null ? m('placesNoLimit') : m('places')}
            />
            <Figure testId="count-pending" colour="pending" value={String(c.counts.pending ?? 0)} label={m('pending')} href={c.pendingUrl} />
            <Figure testId="count-waitlisted" colour="waitlisted" value={String(c.counts.waitlisted ?? 0)} label={m('waitlisted')} href={c.waitlistUrl} />
            <Figure
              testId="count-checked-in"
              colour="checkedIn"
              value={m('ofCapacity', { taken: c.checkedIn, capacity: c.expected })}
              label={m('checkedIn')}
              href={c.checkedInUrl}
            />
            <Figure testId="count-voters" colour="neutral" value={String(c.voters)} label={m('voters')} href={c.votersUrl} />
          </Box>
          <span data-testid="count-approved" style={{ display: 'none' }}>
            {c.counts.approved ?? 0}
          </span>
          {c.teams && (
            <Box mt="lg" data-testid="dashboard-teams">
              <Text fontWeight="bold">{m('teams')}</Text>
              <Box mt="sm" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 10 }}>
                <Figure testId="teams-registered" colour="approved" value={String(c.teams.registered)} label={m('teamsRegistered')} href={c.teamsUrl} />
                <Figure testId="teams-complete" colour="approved" value={String(c.teams.complete)} label={m('teamsComplete')} href={`${c.teamsUrl}&filters.status=complete`} />
                <Figure testId="teams-forming" colour="pending" value={String(c.teams.forming)} label={m('teamsForming')} href={`${c.teamsUrl}&filters.status=forming`} />
                <Figure
                  testId="teams-incomplete"
                  colour="waitlisted"
                  value={String(c.teams.incomplete)}
                  label={m('teamsIncomplete')}
                  href={`${c.teamsUrl}&filters.status=incomplete`}
                />
                <Figure testId="teams-people" colour="neutral" value={String(c.teams.people)} label={m('teamsPeople')} />
                <Figure testId="teams-arrived" colour="checkedIn" value={m('ofCapacity', { taken: c.teams.arrived, capacity: c.teams.people })} label={m('teamsArrived')} />
              </Box>
            </Box>
          )}
          {c.attendance && (
            <Text mt="md" data-testid="attendance">
              {m('attendance', { confirmed: c.attendance.confirmed, declined: c.attendance.declined, unanswered: c.attendance.unanswered })}
            </Text>
          )}
          {c.slots.length > 0 && (
            <Box mt="lg">
              <Text fontWeight="bold">{m('slots')}</Text>
              {c.slots.map((s) => (
                <Box key={s.id} flex flexDirection="row" alignItems="center" style={{ gap: 8 }} mt="sm">
                  <Text style={{ minWidth: 0, flex: '1 1 auto' }}>
                    {s.label}: {s.taken} / {s.capacity}
                  </Text>
                  <div style={{ width: 80, height: 8, background: '#e4e4e4', borderRadius: 4, flex: '0 0 80px' }}>
                    <div style={{ width: `${Math.min(100, Math.round((s.taken / Math.max(1, s.capacity)) * 100))}%`, height: 8, background: '#0b5e2a', borderRadius: 4 }} />
                  </div>
                </Box>
              ))}
            </Box>
          )}
          <OptionCounts competitionId={c.id} m={m} />
          {c.purgesAt && (
            <Text mt="md" data-testid="purges-at">
              {m('purgesAt', { date: c.purgesAt })}
            </Text>
          )}
          <Box mt="lg">
            <Text fontWeight="bold">{m('perDay')}</Text>
            <RegistrationsChart perDay={c.perDay} label={m('perDay')} />
          </Box>
          {(c.counts.pending ?? 0) > 0 && (
            <Box mt="lg">
              <Link href={c.pendingUrl} data-testid="pending-link">
                {m('pendingLink', { count: c.counts.pending })}
              </Link>
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
};

export default Dashboard;
