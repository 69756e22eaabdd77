import React, { useEffect, useState } from 'react';
import { Box, Button, H4, Loader, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation, type ActionProps } from 'adminjs';
import { useNavigate } from 'react-router-dom';

interface Preview { messageKey: string; names: string[]; count: number }
interface ActionAnswer { confirm?: Preview; notice?: { message: string; type: 'success' | 'error' | 'info' }; redirectUrl?: string }

/**
 * The confirmation of an action that changes data (approve, reject, check in, send …). Opening the action's
 * page — also from a link on another site — only asks the server what would be done (GET, which changes
 * nothing); the change is made by the POST this dialog sends when the organizer confirms.
 */
const ConfirmAction = ({ action, resource, record, records }: ActionProps) => {
  const api = new ApiClient();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const { translateMessage, translateButton } = useTranslation();
  const recordIds = (records ?? []).map((r) => String(r.id));
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const call = (method: 'get' | 'post', data?: Record<string, unknown>) =>
    record
      ? api.recordAction({ resourceId: resource.id, recordId: String(record.id), actionName: action.name, method, data })
      : api.bulkAction({ resourceId: resource.id, recordIds, actionName: action.name, method, data });

  useEffect(() => {
    call('get').then((response) => setPreview((response.data as ActionAnswer).confirm ?? null));
  }, []);
  if (!preview) return <Loader />;

  const confirm = async () => {
    setBusy(true);
    try {
      const answer = (await call('post', { confirmed: 'yes' })).data as ActionAnswer;
      if (answer.notice) addNotice(answer.notice);
      if (answer.redirectUrl) navigate(answer.redirectUrl);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box variant="white" p="xl" data-testid="confirm-action">
      <H4>{translateMessage(preview.messageKey, resource.id, { count: preview.count })}</H4>
      {preview.names.length > 0 && (
        <Box as="ul" mb="lg">
          {preview.names.slice(0, 20).map((name) => <Text as="li" key={name}>{name}</Text>)}
          {preview.names.length > 20 && <Text as="li">…</Text>}
        </Box>
      )}
      {preview.count === 0 && <MessageBox variant="info" message={translateMessage('nothingToDo', resource.id)} />}
      <Box flex flexDirection="row" style={{ gap: 12 }}>
        <Button variant="contained" disabled={busy || preview.count === 0} onClick={confirm} data-testid="confirm-action-submit">
          {translateMessage(`${preview.messageKey}_button`, resource.id)}
        </Button>
        <Button variant="outlined" type="button" onClick={() => navigate(-1)}>{translateButton('cancel')}</Button>
      </Box>
    </Box>
  );
};

export default ConfirmAction;
