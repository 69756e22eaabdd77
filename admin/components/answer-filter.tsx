import React, { useEffect, useState } from 'react';
import { FormGroup, Input, Label, Select, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation, type FilterPropertyProps } from 'adminjs';
import { usePickerTexts } from './filter-select.js';

interface ListQuestion {
  id: number;
  title: string;
  kind: string;
  filterable: boolean;
  options: Array<{ value: string; label: string }>;
}
type Option = { value: string; label: string };

/** `12=junior;15:5..10` → { 12: '=junior', 15: ':5..10' } and back (domain/read-models/answers.ts reads it). */
const partsOf = (value: string): Record<string, string> =>
  Object.fromEntries(
    value
      .split(';')
      .map((p) => /^(\d+)(.*)$/.exec(p.trim()))
      .filter((m): m is RegExpExecArray => Boolean(m))
      .map((m) => [m[1], m[2]]),
  );
const joined = (parts: Record<string, string>) =>
  Object.entries(parts)
    .filter(([, rest]) => rest && rest !== ':..')
    .map(([id, rest]) => `${id}${rest}`)
    .join(';');

/**
 * The registrations list filtered by answers to the chosen competition's questions: an option (yes/no, one of a
 * list, ticked in a several-of list) or a number range. The questions come with the competition filter.
 */
const AnswerFilter = ({ property, onChange, filter = {} }: FilterPropertyProps) => {
  const { translateProperty, translateMessage, tl } = useTranslation();
  const texts = usePickerTexts('selectAny');
  const competitionId = String(filter.competitionId ?? '');
  const [questions, setQuestions] = useState<ListQuestion[]>([]);
  const parts = partsOf(String(filter[property.path] ?? ''));
  useEffect(() => {
    if (!competitionId) return setQuestions([]);
    void new ApiClient()
      .resourceAction({ resourceId: property.resourceId, actionName: 'answerQuestions', params: { competitionId } })
      .then((response) => setQuestions(((response.data as unknown as { questions: ListQuestion[] }).questions ?? []).filter((q) => q.filterable)));
  }, [competitionId]);
  const set = (id: number, rest: string) => onChange(property.path, joined({ ...parts, [id]: rest }));
  return (
    <FormGroup variant="filter" data-testid="answer-filter">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {!competitionId && <Text style={{ fontSize: 13 }}>{translateMessage('answerFilterPickCompetition', property.resourceId)}</Text>}
      {questions.map((q) => {
        const rest = parts[q.id] ?? '';
        if (q.kind === 'number') {
          const [min = '', max = ''] = rest.startsWith(':') ? rest.slice(1).split('..') : [];
          return (
            <div key={q.id} style={{ marginTop: 8 }}>
              <Text style={{ fontSize: 13 }}>{q.title}</Text>
              <div style={{ display: 'flex', gap: 6 }}>
                <Input
                  name={`answer-${q.id}-min`}
                  placeholder={translateMessage('answerFilterFrom', property.resourceId)}
                  value={min}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(q.id, `:${e.target.value}..${max}`)}
                  style={{ minWidth: 0 }}
                />
                <Input
                  name={`answer-${q.id}-max`}
                  placeholder={translateMessage('answerFilterTo', property.resourceId)}
                  value={max}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(q.id, `:${min}..${e.target.value}`)}
                  style={{ minWidth: 0 }}
                />
              </div>
            </div>
          );
        }
        const how = q.kind === 'multi_choice' ? '~' : '=';
        const options: Option[] =
          q.kind === 'yes_no'
            ? ['yes', 'no'].map((v) => ({ value: v, label: tl(`yesNo.${v}`, property.resourceId, { defaultValue: v }) }))
            : q.options.map((o) => ({ value: o.value, label: o.label }));
        const selected = options.find((o) => rest === `${how}${o.value}`) ?? '';
        return (
          <div key={q.id} style={{ marginTop: 8 }} data-testid={`answer-filter-${q.id}`}>
            <Text style={{ fontSize: 13 }}>{q.title}</Text>
            <Select variant="filter" value={selected} isClearable options={options} {...texts} onChange={(s: Option | null) => set(q.id, s ? `${how}${s.value}` : '')} />
          </div>
        );
      })}
    </FormGroup>
  );
};

export default AnswerFilter;
