import React, { useEffect, useState } from 'react';
import { Box, Button, H4, Loader, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation, type ActionProps } from 'adminjs';
import { useNavigate } from 'react-router-dom';
import type { BroadcastProgress as DomainProgress } from '../../domain/broadcasts.js';

/** The domain's progress as the action's JSON carries it (the estimated end already formatted in TZ_DISPLAY). */
type Progress = Omit<DomainProgress, 'estimatedEnd'> & { estimatedEnd: string | null };
interface Answer {
  progress: Progress;
  preview: string;
  scheduledAt: string | null;
}

const REFRESH_MS = 2_000;

/**
 * A broadcast's page while it is written, scheduled and sent: the preview as the user will see it (safe HTML
 * made by the server from Telegram's subset), the counts (sent / failed / blocked / pending), the current
 * rate and the estimated end, refreshing itself every two seconds; and the actions that apply now.
 */
const BroadcastProgress = ({ resource, record }: ActionProps) => {
  const api = new ApiClient();
  const navigate = useNavigate();
  const { translateMessage, translateAction } = useTranslation();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const id = String(record!.id);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      void api.recordAction({ resourceId: resource.id, recordId: id, actionName: 'progress' }).then((response) => {
        if (!stopped) setAnswer(response.data as unknown as Answer);
      });
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id]);
  if (!answer) return <Loader />;
  const { progress: p, preview } = answer;
  const t = (key: string, options: Record<string, unknown> = {}) => translateMessage(key, resource.id, options);
  const go = (action: string) => navigate(`/admin/resources/${resource.id}/records/${id}/${action}`);
  // What applies now (the record's own action list is as of the page's load; the state moves on).
  const allowed = new Set((record?.recordActions ?? []).map((a) => a.name));
  const editable = p.state === 'draft' || p.state === 'scheduled';
  const applies: Record<string, boolean> = {
    edit: editable,
    send: editable,
    schedule: p.state === 'draft',
    cancelBroadcast: p.state === 'scheduled' || p.state === 'sending',
    retryFailed: !editable && p.failed + p.interrupted > 0,
  };
  const available = new Set([...allowed].filter((a) => applies[a] ?? true));
  const cell = (label: string, value: number | string, testId: string, colour?: string) => (
    <Box p="md" mr="md" mb="md" style={{ border: '1px solid #ddd', borderRadius: 8, minWidth: 110 }}>
      <Text style={{ fontSize: 12, color: '#666' }}>{label}</Text>
      <Text style={{ fontSize: 22, fontWeight: 600, color: colour }} data-testid={testId}>
        {value}
      </Text>
    </Box>
  );
  return (
    <Box variant="white" p="xl" data-testid="broadcast-progress">
      <H4>{t('broadcastState', { state: t(`broadcastState_${p.state}`) })}</H4>
      {answer.scheduledAt && p.state === 'scheduled' && <Text mb="md">{t('broadcastScheduledAt', { at: answer.scheduledAt })}</Text>}
      <Box flex flexDirection="row" style={{ flexWrap: 'wrap' }}>
        {cell(t('progressSent'), p.sent, 'progress-sent', '#1a7f37')}
        {cell(t('progressFailed'), p.failed + p.interrupted, 'progress-failed', '#cf222e')}
        {cell(t('progressBlocked'), p.blocked, 'progress-blocked', '#9a6700')}
        {cell(t('progressPending'), p.pending + p.inFlight, 'progress-pending')}
        {p.cancelled > 0 && cell(t('progressCancelled'), p.cancelled, 'progress-cancelled')}
        {cell(t('progressRate'), `${p.rate}/с`, 'progress-rate')}
        {p.estimatedEnd && cell(t('progressEta'), p.estimatedEnd, 'progress-eta')}
      </Box>
      <Text mt="lg" mb="sm" style={{ fontWeight: 600 }}>
        {t('broadcastPreview')}
      </Text>
      <Box
        p="lg"
        mb="lg"
        style={{ background: '#eef3f8', borderRadius: 12, maxWidth: 520, whiteSpace: 'normal', wordBreak: 'break-word' }}
        data-testid="broadcast-preview"
        dangerouslySetInnerHTML={{ __html: preview }}
      />
      <Box flex flexDirection="row" style={{ gap: 12, flexWrap: 'wrap' }}>
        {['edit', 'send', 'schedule', 'cancelBroadcast', 'retryFailed']
          .filter((a) => available.has(a))
          .map((a) => (
            <Button key={a} variant={a === 'send' ? 'contained' : 'outlined'} onClick={() => go(a)} data-testid={`broadcast-${a}`}>
              {translateAction(a, resource.id)}
            </Button>
          ))}
      </Box>
    </Box>
  );
};

export default BroadcastProgress;
