import React, { useEffect, useState } from 'react';
import { Box, Button, FormMessage, H5, Link, Loader, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation, type ShowPropertyProps } from 'adminjs';

interface QuestionLine {
  id: number;
  title: string;
  kind: string;
  role: string | null;
  required: boolean;
  listColumn: boolean;
  forTeam: boolean;
  answers: number;
}
interface Answer {
  questions: QuestionLine[];
  error: string;
}

/**
 * On the competition's page: its own questions in the order the bot asks them — each a link to its page (where it
 * is edited or deleted), with its number (what a condition refers to), kind, who is asked and how many answered —
 * ↑ / ↓ to reorder in place, and "Добавить вопрос" (the question form with this competition filled in).
 */
const CompetitionQuestions = ({ record, resource }: ShowPropertyProps) => {
  const api = new ApiClient();
  const { translateMessage, translateLabel } = useTranslation();
  const t = (key: string, values: Record<string, unknown> = {}) => translateMessage(key, resource.id, values);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const call = async (method: 'get' | 'post', data?: Record<string, unknown>) => {
    const response = (await api.recordAction({ resourceId: resource.id, recordId: String(record!.id), actionName: 'questions', method, data })).data as unknown as Answer;
    setAnswer(response);
  };
  useEffect(() => {
    void call('get');
  }, []);
  if (!answer) return <Loader />;
  const root = window.location.pathname.split('/resources/')[0];
  const move = (id: number, direction: 'up' | 'down') => async () => {
    setBusy(true);
    try {
      await call('post', { move: id, direction });
    } finally {
      setBusy(false);
    }
  };
  const { questions } = answer;
  return (
    <Box mb="xl" data-testid="competition-questions">
      <H5>{t('questionsTitle')}</H5>
      {questions.length === 0 && <Text mb="default">{t('questionsNone')}</Text>}
      <Box as="ol" mb="default" pl="lg" data-testid="questions-list">
        {questions.map((q, i) => (
          <li key={q.id} data-testid={`question-${q.id}`} data-team={q.forTeam ? 'yes' : undefined} style={{ marginBottom: 6 }}>
            <Box flex flexDirection="row" flexWrap="wrap" alignItems="center" style={{ gap: 6 }}>
              <Link href={`${root}/resources/Question/records/${q.id}/show`} style={{ overflowWrap: 'anywhere' }}>
                {q.title}
              </Link>
              <Text as="span" style={{ fontSize: 13, color: '#555' }}>
                №{q.id} · {translateLabel(`kind.${q.kind}`, 'Question')} · {translateLabel(`role.${q.role ?? 'both'}`, 'Question')}
                {q.forTeam ? ` · ${t('questionsForTeam')}` : ''}
                {q.required ? ` · ${t('questionsRequired')}` : ''} · {t('questionsAnswers', { count: q.answers })}
              </Text>
              <Button
                type="button"
                size="sm"
                variant="outlined"
                disabled={busy || i === 0}
                onClick={move(q.id, 'up')}
                aria-label={t('questionsUp')}
                title={t('questionsUp')}
                data-testid="question-up"
              >
                ↑
              </Button>
              <Button
                type="button"
                size="sm"
                variant="outlined"
                disabled={busy || i === questions.length - 1}
                onClick={move(q.id, 'down')}
                aria-label={t('questionsDown')}
                title={t('questionsDown')}
                data-testid="question-down"
              >
                ↓
              </Button>
            </Box>
          </li>
        ))}
      </Box>
      {answer.error && <FormMessage data-testid="questions-error">{answer.error}</FormMessage>}
      <Button as="a" variant="outlined" href={`${root}/resources/Question/actions/new?competitionId=${record!.id}`} data-testid="add-question">
        {t('questionsAdd')}
      </Button>
    </Box>
  );
};

export default CompetitionQuestions;
