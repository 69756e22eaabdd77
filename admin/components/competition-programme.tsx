import React, { useEffect, useState } from 'react';
import { Box, Button, FormGroup, FormMessage, H5, Input, Label, Link, Loader, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation, type ShowPropertyProps } from 'adminjs';

interface Programme {
  day: string;
  slots: Array<{ id: number; label: string; fill: string }>;
  panels: Array<{ id: number; name: string; capacity: number | null }>;
}
interface Answer {
  programme: Programme;
  errors: Record<string, string>;
}

const FIELD_STYLE = { flex: '1 1 110px', minWidth: 0 };

/**
 * On the competition's page: its voting slots and jury panels, each a link to its own page, and two small
 * forms that add one more without leaving the page — the date starts as the competition's day, so a slot is
 * two times and a number (admin/resources/competition-programme.ts does the rest).
 */
const CompetitionProgramme = ({ record, resource }: ShowPropertyProps) => {
  const api = new ApiClient();
  const { translateMessage } = useTranslation();
  const t = (key: string) => translateMessage(key, resource.id);
  const [programme, setProgramme] = useState<Programme | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [slot, setSlot] = useState({ day: '', from: '', to: '', capacity: '' });
  const [panel, setPanel] = useState({ name: '' });
  const [busy, setBusy] = useState(false);
  const call = async (method: 'get' | 'post', data?: Record<string, unknown>) => {
    const answer = (await api.recordAction({ resourceId: resource.id, recordId: String(record!.id), actionName: 'programme', method, data })).data as unknown as Answer;
    setProgramme(answer.programme);
    setErrors(answer.errors ?? {});
    return answer;
  };
  useEffect(() => {
    void call('get').then((answer) => setSlot((s) => ({ ...s, day: answer.programme.day })));
  }, []);
  if (!programme) return <Loader />;

  const submit = (kind: 'slot' | 'panel') => async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const answer = await call('post', { kind, ...(kind === 'slot' ? slot : panel) });
      if (Object.keys(answer.errors ?? {}).length) return;
      // Added: the next slot most often starts where this one ended.
      if (kind === 'slot') setSlot({ ...slot, from: slot.to, to: '' });
      else setPanel({ name: '' });
    } finally {
      setBusy(false);
    }
  };
  const field = (name: keyof typeof slot, label: string, placeholder: string) => (
    <FormGroup error={Boolean(errors[name])} style={FIELD_STYLE}>
      <Label htmlFor={`programme-${name}`}>{label}</Label>
      <Input
        id={`programme-${name}`}
        name={name}
        value={slot[name]}
        placeholder={placeholder}
        inputMode={name === 'day' ? 'text' : 'numeric'}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSlot({ ...slot, [name]: e.target.value })}
      />
      <FormMessage>{errors[name]}</FormMessage>
    </FormGroup>
  );
  const link = (resourceId: string, id: number) => `${window.location.pathname.split('/resources/')[0]}/resources/${resourceId}/records/${id}/show`;
  return (
    <Box mb="xl" data-testid="competition-programme">
      <H5>{t('programmeSlots')}</H5>
      {programme.slots.length === 0 && <Text mb="default">{t('programmeNoSlots')}</Text>}
      <Box as="ul" mb="default" pl="lg" data-testid="programme-slots">
        {programme.slots.map((s) => (
          <li key={s.id}>
            <Link href={link('TimeSlot', s.id)}>{s.label}</Link> · {s.fill}
          </li>
        ))}
      </Box>
      <Box as="form" onSubmit={submit('slot')} flex flexDirection="row" flexWrap="wrap" alignItems="flex-start" style={{ gap: 8 }} data-testid="add-slot">
        {field('day', t('programmeDay'), t('programmeDayPlaceholder'))}
        {field('from', t('programmeFrom'), '12:00')}
        {field('to', t('programmeTo'), '13:00')}
        {field('capacity', t('programmeCapacity'), '10')}
        <Button type="submit" variant="outlined" disabled={busy} style={{ marginTop: 24 }}>
          {t('programmeAddSlot')}
        </Button>
      </Box>
      {errors.form && <FormMessage>{errors.form}</FormMessage>}
      <H5 mt="xl">{t('programmePanels')}</H5>
      {programme.panels.length === 0 && <Text mb="default">{t('programmeNoPanels')}</Text>}
      <Box as="ul" mb="default" pl="lg" data-testid="programme-panels">
        {programme.panels.map((p) => (
          <li key={p.id}>
            <Link href={link('JuryPanel', p.id)}>{p.name}</Link>
            {p.capacity ? ` · ${p.capacity}` : ''}
          </li>
        ))}
      </Box>
      <Box as="form" onSubmit={submit('panel')} flex flexDirection="row" flexWrap="wrap" alignItems="flex-start" style={{ gap: 8 }} data-testid="add-panel">
        <FormGroup error={Boolean(errors.name)} style={{ flex: '2 1 200px', minWidth: 0 }}>
          <Label htmlFor="programme-name">{t('programmeName')}</Label>
          <Input id="programme-name" name="name" value={panel.name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPanel({ name: e.target.value })} />
          <FormMessage>{errors.name}</FormMessage>
        </FormGroup>
        <Button type="submit" variant="outlined" disabled={busy} style={{ marginTop: 24 }}>
          {t('programmeAddPanel')}
        </Button>
      </Box>
    </Box>
  );
};

export default CompetitionProgramme;
