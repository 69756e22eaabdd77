import React, { useEffect, useState } from 'react';
import { Box, FormGroup, H4, Label, Loader, MessageBox, Text, TextArea } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation, type ActionProps } from 'adminjs';
import { useLocation, useNavigate } from 'react-router-dom';
import { ConfirmButtons } from './confirm-buttons.js';
import { backToList, takeRowActionFrom } from './look.js';

interface Preview {
  messageKey: string;
  names: string[];
  count: number;
  reason?: boolean;
  danger?: boolean;
  /** More of the question's text (the new maximum). */
  values?: Record<string, string | number>;
  /** Sent back with the POST: what the organizer was told and agreed to. */
  payload?: Record<string, string>;
}
interface ActionAnswer {
  confirm?: Preview;
  notice?: { message: string; type: 'success' | 'error' | 'info' };
  redirectUrl?: string;
}

/**
 * The confirmation of an action that changes data (approve, reject, check in, send …). Opening the action's
 * page — also from a link on another site — only asks the server what would be done (GET, which changes
 * nothing); the change is made by the POST this dialog sends when the organizer confirms.
 *
 * The dialog says what it does and to whom ("Отклонить заявку — Анна Петрова?"), asks a rejection's reason,
 * and afterwards goes back to the list it came from, refreshed (rows, count, selection cleared).
 */
const ConfirmAction = ({ action, resource, record, records }: ActionProps) => {
  const api = new ApiClient();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const location = useLocation();
  const { translateMessage } = useTranslation();
  const recordIds = (records ?? []).map((r) => String(r.id));
  const [preview, setPreview] = useState<Preview | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [openedFromList] = useState(() => takeRowActionFrom(resource.id));
  const call = (method: 'get' | 'post', data?: Record<string, unknown>) =>
    record
      ? api.recordAction({ resourceId: resource.id, recordId: String(record.id), actionName: action.name, method, data })
      : api.bulkAction({ resourceId: resource.id, recordIds, actionName: action.name, method, data });

  useEffect(() => {
    void call('get').then((response) => setPreview((response.data as ActionAnswer).confirm ?? null));
  }, []);
  if (!preview) return <Loader />;

  const confirm = async () => {
    setBusy(true);
    try {
      const answer = (await call('post', { confirmed: 'yes', ...preview.payload, ...(preview.reason ? { reason } : {}) })).data as ActionAnswer;
      if (answer.notice) addNotice(answer.notice);
      const back = backToList(location, Boolean(action.showInDrawer), resource.id, openedFromList);
      if (back) navigate(back);
      else if (answer.redirectUrl) navigate(answer.redirectUrl);
    } finally {
      setBusy(false);
    }
  };
  const values = { count: preview.count, name: preview.names[0] ?? '', ...preview.values };
  const hintKey = `${preview.messageKey}_hint`;
  const hint = translateMessage(hintKey, resource.id, values);
  return (
    <Box variant="white" p={['lg', 'xl']} data-testid="confirm-action" style={{ maxWidth: 640 }}>
      <H4 style={{ overflowWrap: 'anywhere' }}>{translateMessage(preview.messageKey, resource.id, values)}</H4>
      {hint !== hintKey && <Text mb="lg">{hint}</Text>}
      {preview.count > 1 && preview.names.length > 1 && (
        <Box as="ul" mb="lg" pl="lg">
          {preview.names.slice(0, 20).map((name) => (
            <Text as="li" key={name}>
              {name}
            </Text>
          ))}
          {preview.names.length > 20 && <Text as="li">…</Text>}
        </Box>
      )}
      {preview.reason && preview.count > 0 && (
        <FormGroup>
          <Label htmlFor="confirm-reason">{translateMessage('reasonLabel', resource.id)}</Label>
          <TextArea
            id="confirm-reason"
            name="reason"
            rows={3}
            maxLength={500}
            style={{ width: '100%' }}
            value={reason}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)}
            data-testid="confirm-reason"
          />
        </FormGroup>
      )}
      {preview.count === 0 && <MessageBox variant="info" message={translateMessage('nothingToDo', resource.id)} />}
      <ConfirmButtons
        label={translateMessage(`${preview.messageKey}_button`, resource.id, values)}
        danger={preview.danger}
        disabled={busy || preview.count === 0}
        onConfirm={confirm}
      />
    </Box>
  );
};

export default ConfirmAction;
