import React, { useEffect, useState } from 'react';
import { Box, H2, H4, Link, Loader, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';

interface CompetitionSummary {
  id: number;
  title: string;
  startsAt: string;
  counts: Record<string, number>;
  checkedIn: number;
  pendingUrl: string;
  slots: Array<{ id: number; label: string; taken: number; capacity: number }>;
  attendance?: { confirmed: number; declined: number; unanswered: number };
}

const STATUSES = ['pending', 'approved', 'waitlisted', 'rejected', 'cancelled'];

/** Per open competition: registrations by status, slot fill, check-ins, and a link to pending approvals. */
const Dashboard = () => {
  const [data, setData] = useState<{ competitions: CompetitionSummary[] } | null>(null);
  const [failed, setFailed] = useState(false);
  const { translateLabel, translateProperty } = useTranslation();
  useEffect(() => {
    new ApiClient().getDashboard<{ competitions: CompetitionSummary[] }>().then((response) => setData(response.data), () => setFailed(true));
  }, []);
  const ru = (navigator.language || '').startsWith('ru');
  const t = (ruText: string, enText: string) => (ru ? ruText : enText);
  if (!data) {
    return (
      <Box variant="grey" p="xl" data-testid="dashboard">
        <H2>{translateLabel('dashboard')}</H2>
        {failed ? <Text>{t('Не удалось загрузить сводку. Обновите страницу.', 'Could not load the dashboard. Reload the page.')}</Text> : <Loader />}
      </Box>
    );
  }
  return (
    <Box variant="grey" p="xl" data-testid="dashboard">
      <H2>{translateLabel('dashboard')}</H2>
      {data.competitions.length === 0 && <Text>{t('Нет открытых соревнований.', 'No open competitions.')}</Text>}
      {data.competitions.map((c) => (
        <Box key={c.id} variant="white" mb="xl" p="lg" data-testid={`dashboard-competition-${c.id}`}>
          <H4>{c.title} {c.startsAt ? `· ${c.startsAt}` : ''}</H4>
          <Table>
            <TableHead>
              <TableRow>
                {STATUSES.map((s) => <TableCell key={s}>{translateLabel(`status.${s}`)}</TableCell>)}
                <TableCell>{translateProperty('checkedIn', 'Registration')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              <TableRow>
                {STATUSES.map((s) => <TableCell key={s} data-testid={`count-${s}`}>{c.counts[s] ?? 0}</TableCell>)}
                <TableCell data-testid="count-checked-in">{c.checkedIn}</TableCell>
              </TableRow>
            </TableBody>
          </Table>
          {c.attendance && (
            <Text mt="md" data-testid="attendance">
              {t('Ответы на напоминание', 'Reminder answers')}: {t('придут', 'coming')} {c.attendance.confirmed} · {t('не смогут', 'declined')} {c.attendance.declined} · {t('без ответа', 'no answer')} {c.attendance.unanswered}
            </Text>
          )}
          {c.slots.length > 0 && (
            <Box mt="lg">
              <Text fontWeight="bold">{t('Заполнение слотов', 'Slot fill')}</Text>
              {c.slots.map((s) => (
                <Text key={s.id}>{s.label}: {s.taken} / {s.capacity}</Text>
              ))}
            </Box>
          )}
          {(c.counts.pending ?? 0) > 0 && (
            <Box mt="lg">
              <Link href={c.pendingUrl} data-testid="pending-link">
                {t(`Ждут подтверждения: ${c.counts.pending}`, `Pending approval: ${c.counts.pending}`)}
              </Link>
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
};

export default Dashboard;
