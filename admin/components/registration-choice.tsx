import React, { useEffect, useState } from 'react';
import { Box, Button, CheckBox, FormGroup, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, type ActionProps } from 'adminjs';
import { useNavigate } from 'react-router-dom';

interface Option {
  id: number;
  label: string;
}
interface Choices {
  panels?: Option[];
  slots?: Option[];
  juryPanelId?: number | null;
  timeSlotIds?: number[];
  error?: string;
}

/**
 * Jury panel (and, for one voter, time slots) for registrations: the action's GET answers the choices of
 * the registrations' competition, the POST hands the choice to the domain.
 */
const RegistrationChoice = ({ action, resource, record, records }: ActionProps) => {
  const api = new ApiClient();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const recordIds = (records ?? []).map((r) => String(r.id));
  const [choices, setChoices] = useState<Choices | null>(null);
  const [panel, setPanel] = useState<string>('');
  const [slots, setSlots] = useState<number[]>([]);
  const call = (method: 'get' | 'post', data?: Record<string, unknown>) =>
    record
      ? api.recordAction({ resourceId: resource.id, recordId: String(record.id), actionName: action.name, method, data })
      : api.bulkAction({ resourceId: resource.id, recordIds, actionName: action.name, method, data });

  useEffect(() => {
    void call('get').then((response) => {
      // The action's GET answers the choices next to the record (see admin/domain-actions.ts).
      const data = response.data as Choices;
      setChoices(data);
      setPanel(data.juryPanelId ? String(data.juryPanelId) : '');
      setSlots(data.timeSlotIds ?? []);
    });
  }, []);
  if (!choices) return <Loader />;
  if (choices.error) return <MessageBox variant="danger" message={choices.error} />;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const data: Record<string, unknown> = { juryPanelId: panel };
    if (choices.slots) data.timeSlotIds = slots.join(',');
    const response = await call('post', data);
    if (response.data.notice) addNotice(response.data.notice);
    if (response.data.redirectUrl) navigate(response.data.redirectUrl);
  };
  const ru = (navigator.language || '').startsWith('ru');
  return (
    <Box as="form" variant="white" p="xl" onSubmit={submit} data-testid="registration-choice">
      {choices.panels && (
        <FormGroup>
          <Label htmlFor="juryPanelId">{ru ? 'Жюри' : 'Jury panel'}</Label>
          <select id="juryPanelId" name="juryPanelId" value={panel} onChange={(e) => setPanel(e.target.value)} style={{ padding: 8, minWidth: 280 }}>
            <option value="">{ru ? '— без жюри —' : '— no panel —'}</option>
            {choices.panels.map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.label}
              </option>
            ))}
          </select>
        </FormGroup>
      )}
      {choices.slots && (
        <FormGroup>
          <Label>{ru ? 'Слоты голосования' : 'Voting slots'}</Label>
          {choices.slots.length === 0 && <Text>—</Text>}
          {choices.slots.map((s) => (
            <Box key={s.id} mb="sm">
              <CheckBox id={`slot-${s.id}`} checked={slots.includes(s.id)} onChange={() => setSlots(slots.includes(s.id) ? slots.filter((x) => x !== s.id) : [...slots, s.id])} />
              <Label inline htmlFor={`slot-${s.id}`} ml="default">
                {s.label}
              </Label>
            </Box>
          ))}
        </FormGroup>
      )}
      <Button type="submit" variant="contained">
        {ru ? 'Сохранить' : 'Save'}
      </Button>
    </Box>
  );
};

export default RegistrationChoice;
