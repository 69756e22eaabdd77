import React, { useState } from 'react';
import { Box, Button, CheckBox, FormGroup, FormMessage, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation, type ActionProps } from 'adminjs';
import { useNavigate } from 'react-router-dom';

type Field = 'fullName' | 'phone' | 'role' | 'form';

/**
 * "Add a participant" (admin/resources/walk-in.ts): name, phone, role, and whether to queue when full. The POST
 * answers either the new registration's page or the reason on the field it is about; what was typed stays.
 */
const WalkInForm = ({ action, resource, record }: ActionProps) => {
  const api = new ApiClient();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const { translateMessage, translateLabel } = useTranslation();
  const t = (key: string) => translateMessage(key, resource.id);
  const [values, setValues] = useState({ fullName: '', phone: '', role: 'participant', joinWaitlist: false });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const response = await api.recordAction({ resourceId: resource.id, recordId: String(record!.id), actionName: action.name, method: 'post', data: values });
      const data = response.data as { errors?: Partial<Record<Field, string>>; notice?: Parameters<typeof addNotice>[0]; redirectUrl?: string };
      setErrors(data.errors ?? {});
      if (data.notice) addNotice(data.notice);
      if (data.redirectUrl) navigate(data.redirectUrl);
    } finally {
      setBusy(false);
    }
  };
  const error = (field: Field) =>
    errors[field] ? (
      <FormMessage data-testid={`error-${field}`} role="alert">
        {errors[field]}
      </FormMessage>
    ) : null;
  const set = (field: 'fullName' | 'phone' | 'role') => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues({ ...values, [field]: e.target.value });

  return (
    <Box as="form" variant="white" p="xl" onSubmit={submit} data-testid="walk-in-form" style={{ maxWidth: 640 }}>
      <Text mb="lg" style={{ fontWeight: 600 }}>
        {String(record?.params?.title ?? '')}
      </Text>
      {errors.form && <MessageBox variant="danger" message={errors.form} data-testid="error-form" mb="lg" />}
      <FormGroup error={Boolean(errors.fullName)}>
        <Label htmlFor="walk-in-fullName" required>
          {t('walkIn_fullName')}
        </Label>
        <Input id="walk-in-fullName" name="fullName" autoComplete="off" value={values.fullName} onChange={set('fullName')} width={1} required />
        {error('fullName')}
      </FormGroup>
      <FormGroup error={Boolean(errors.phone)}>
        <Label htmlFor="walk-in-phone" required>
          {t('walkIn_phone')}
        </Label>
        <Input id="walk-in-phone" name="phone" type="tel" inputMode="tel" autoComplete="off" value={values.phone} onChange={set('phone')} width={1} required />
        {error('phone')}
      </FormGroup>
      <FormGroup error={Boolean(errors.role)}>
        <Label htmlFor="walk-in-role">{t('walkIn_role')}</Label>
        <select id="walk-in-role" name="role" value={values.role} onChange={set('role')} style={{ padding: 8, minWidth: 220, fontSize: 14 }}>
          {['participant', 'voter'].map((role) => (
            <option key={role} value={role}>
              {translateLabel(`role.${role}`, resource.id)}
            </option>
          ))}
        </select>
        {error('role')}
      </FormGroup>
      <FormGroup>
        <CheckBox id="walk-in-waitlist" checked={values.joinWaitlist} onChange={() => setValues({ ...values, joinWaitlist: !values.joinWaitlist })} />
        <Label inline htmlFor="walk-in-waitlist" ml="default">
          {t('walkIn_waitlist')}
        </Label>
      </FormGroup>
      <Text mb="xl" style={{ color: '#555', fontSize: 13, lineHeight: 1.5 }}>
        {t('walkIn_hint')}
      </Text>
      <Button type="submit" variant="contained" disabled={busy} data-testid="walk-in-submit">
        {t('walkIn_submit')}
      </Button>
    </Box>
  );
};

export default WalkInForm;
