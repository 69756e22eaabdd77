import React, { useEffect, useState } from 'react';
import { Box, FormGroup, H4, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation, type ActionProps } from 'adminjs';
import { useNavigate } from 'react-router-dom';
import { ConfirmButtons } from './confirm-buttons.js';

interface Choice {
  messageKey: string;
  members: Array<{ id: number; label: string }>;
}
interface ActionAnswer {
  choice?: Choice;
  notice?: { message: string; type: 'success' | 'error' | 'info' };
  redirectUrl?: string;
}

/**
 * An action on one member of a team (remove, hand over captaincy): the GET answers the members it may concern, the
 * organizer picks one (the roster's button has chosen already: `?registrationId=`) and confirms; the POST does it.
 * Opening the page changes nothing.
 */
const TeamMemberAction = ({ action, resource, record }: ActionProps) => {
  const api = new ApiClient();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const { translateMessage } = useTranslation();
  const [choice, setChoice] = useState<Choice | null>(null);
  const [picked, setPicked] = useState(() => new URLSearchParams(window.location.search).get('registrationId') ?? '');
  const [busy, setBusy] = useState(false);
  const call = (method: 'get' | 'post', data?: Record<string, unknown>) =>
    api.recordAction({ resourceId: resource.id, recordId: String(record!.id), actionName: action.name, method, data });
  useEffect(() => {
    void call('get').then((response) => {
      const answer = (response.data as ActionAnswer).choice ?? null;
      setChoice(answer);
      if (answer && !answer.members.some((m) => String(m.id) === picked)) setPicked(answer.members.length === 1 ? String(answer.members[0].id) : '');
    });
  }, []);
  if (!choice) return <Loader />;
  const name = choice.members.find((m) => String(m.id) === picked)?.label ?? '';
  const values = { name, team: String(record?.params?.name ?? '') };
  const confirm = async () => {
    setBusy(true);
    try {
      const answer = (await call('post', { confirmed: 'yes', registrationId: picked })).data as ActionAnswer;
      if (answer.notice) addNotice(answer.notice);
      if (answer.redirectUrl) navigate(answer.redirectUrl);
    } finally {
      setBusy(false);
    }
  };
  const hintKey = `${choice.messageKey}_hint`;
  const hint = translateMessage(hintKey, resource.id, values);
  return (
    <Box variant="white" p={['lg', 'xl']} data-testid="team-member-action" style={{ maxWidth: 640 }}>
      <H4 style={{ overflowWrap: 'anywhere' }}>{translateMessage(choice.messageKey, resource.id, values)}</H4>
      {hint !== hintKey && <Text mb="lg">{hint}</Text>}
      {choice.members.length === 0 ? (
        <MessageBox variant="info" message={translateMessage('nothingToDo', resource.id)} />
      ) : (
        <FormGroup>
          <Label htmlFor="team-member">{translateMessage('teamMember_pick', resource.id)}</Label>
          <select
            id="team-member"
            value={picked}
            onChange={(e) => setPicked(e.target.value)}
            style={{ padding: 8, minWidth: 240, maxWidth: '100%' }}
            data-testid="team-member-pick"
          >
            <option value="">{translateMessage('selectOne', resource.id)}</option>
            {choice.members.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {m.label}
              </option>
            ))}
          </select>
        </FormGroup>
      )}
      <ConfirmButtons label={translateMessage(`${choice.messageKey}_button`, resource.id, values)} danger disabled={busy || !picked} onConfirm={confirm} />
    </Box>
  );
};

export default TeamMemberAction;
