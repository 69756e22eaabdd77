import React, { useEffect, useState } from 'react';
import { Box, Button, H3, H4, Link, Loader, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation, type ActionProps } from 'adminjs';
import { useNavigate } from 'react-router-dom';
import type { BroadcastProgress as DomainProgress } from '../../domain/broadcasts.js';

/** The domain's progress as the action's JSON carries it (the estimated end already formatted in TZ_DISPLAY). */
type Progress = Omit<DomainProgress, 'estimatedEnd'> & { estimatedEnd: string | null };
interface Answer {
  progress: Progress;
  preview: string;
  scheduledAt: string | null;
  title: string;
  /** The actions that apply now (domain/broadcasts.ts, broadcastActionsNow), as of this answer. */
  actions: string[];
}

const REFRESH_MS = 2_000;

/**
 * Telegram's formatting in the preview (AdminJS's reset CSS draws <b> and <i> as plain text): bold, italic,
 * underline, strike, code, quotes and links as the recipient's app draws them.
 */
const PREVIEW_CSS = `
[data-testid=broadcast-preview] b, [data-testid=broadcast-preview] strong { font-weight: 700; }
[data-testid=broadcast-preview] i, [data-testid=broadcast-preview] em { font-style: italic; }
[data-testid=broadcast-preview] u, [data-testid=broadcast-preview] ins { text-decoration: underline; }
[data-testid=broadcast-preview] s, [data-testid=broadcast-preview] strike, [data-testid=broadcast-preview] del { text-decoration: line-through; }
[data-testid=broadcast-preview] code, [data-testid=broadcast-preview] pre { font-family: monospace; background: #dde6ef; border-radius: 4px; padding: 0 3px; }
[data-testid=broadcast-preview] pre { display: block; padding: 6px 8px; white-space: pre-wrap; }
[data-testid=broadcast-preview] blockquote { border-left: 3px solid #3a87c8; margin: 4px 0; padding-left: 8px; }
[data-testid=broadcast-preview] a { color: #2a7ab8; text-decoration: underline; }
[data-testid=broadcast-preview] .tg-spoiler { background: #c9d3dd; color: transparent; border-radius: 3px; }
`;

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
  // AdminJS's header would keep the actions as they were when the page opened: this page draws its own, from
  // each answer, so "Остановить рассылку" is gone the moment the broadcast is done.
  const mayDo = new Set(resource.actions.map((a) => a.name));
  const available = answer.actions.filter((a) => mayDo.has(a));
  const cell = (label: string, value: number | string, testId: string, colour?: string) => (
    <Box p="md" mr="md" mb="md" style={{ border: '1px solid #ddd', borderRadius: 8, minWidth: 110 }}>
      <Text style={{ fontSize: 12, color: '#666' }}>{label}</Text>
      <Text style={{ fontSize: 22, fontWeight: 600, color: colour }} data-testid={testId}>
        {value}
      </Text>
    </Box>
  );
  return (
    <Box variant="white" p={['lg', 'xl']} data-testid="broadcast-progress">
      <style>{PREVIEW_CSS}</style>
      <Box flex flexDirection="row" flexWrap="wrap" mb="lg" style={{ gap: 16 }}>
        <Link href={`/admin/resources/${resource.id}`} onClick={(e: React.MouseEvent) => (e.preventDefault(), navigate(`/admin/resources/${resource.id}`))}>
          {t('broadcastAllLink')}
        </Link>
        <Link href={`/admin/resources/${resource.id}/records/${id}/show`} onClick={(e: React.MouseEvent) => (e.preventDefault(), go('show'))}>
          {t('broadcastDetails')}
        </Link>
      </Box>
      {answer.title && (
        <H3 style={{ overflowWrap: 'anywhere' }} data-testid="broadcast-title">
          {answer.title}
        </H3>
      )}
      <H4>{t('broadcastState', { state: t(`broadcastState_${p.state}`) })}</H4>
      {answer.scheduledAt && p.state === 'scheduled' && <Text mb="md">{t('broadcastScheduledAt', { at: answer.scheduledAt })}</Text>}
      <Box flex flexDirection="row" style={{ flexWrap: 'wrap' }}>
        {cell(t('progressSent'), p.sent, 'progress-sent', '#1a7f37')}
        {cell(t('progressFailed'), p.failed + p.interrupted, 'progress-failed', '#cf222e')}
        {cell(t('progressBlocked'), p.blocked, 'progress-blocked', '#9a6700')}
        {cell(t('progressPending'), p.pending + p.inFlight, 'progress-pending')}
        {p.cancelled > 0 && cell(t('progressCancelled'), p.cancelled, 'progress-cancelled')}
        {cell(t('progressRate'), t('progressRateValue', { rate: p.rate }), 'progress-rate')}
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
        {available.map((a) => (
          <Button key={a} variant={a === 'send' ? 'contained' : 'outlined'} onClick={() => go(a)} data-testid={`broadcast-${a}`}>
            {translateAction(a, resource.id)}
          </Button>
        ))}
      </Box>
    </Box>
  );
};

export default BroadcastProgress;
