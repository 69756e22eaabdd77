import React from 'react';
import { Box, Label, Link, Text } from '@adminjs/design-system';
import { useTranslation, type ShowPropertyProps } from 'adminjs';

interface ShownAnswer {
  questionId: number;
  title: string;
  text: string;
  fileUrl?: string;
}

function parsed(json: string): ShownAnswer[] {
  try {
    return JSON.parse(json) as ShownAnswer[];
  } catch {
    return [];
  }
}

/**
 * A registration's answers to its competition's own questions, question by question; a file is a link to the
 * admin's route that fetches it through the bot (the browser never sees Telegram's address or the bot's token).
 */
const AnswerList = ({ property, record }: ShowPropertyProps) => {
  const { translateProperty, translateMessage } = useTranslation();
  const answers = parsed(String(record?.params?.[property.path] ?? '[]'));
  return (
    <Box mb="xl" data-testid="answers">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {answers.length === 0 && <Text>—</Text>}
      {answers.map((a) => (
        <Box key={a.questionId} mb="default" data-testid={`answer-${a.questionId}`}>
          <Text style={{ fontSize: 13, color: '#555', overflowWrap: 'anywhere' }}>{a.title}</Text>
          {a.fileUrl ? (
            <Link href={a.fileUrl} data-testid="answer-file">
              {a.text || translateMessage('answerFileOpen', property.resourceId)}
            </Link>
          ) : (
            <Text style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-line' }}>{a.text}</Text>
          )}
        </Box>
      ))}
    </Box>
  );
};

export default AnswerList;
