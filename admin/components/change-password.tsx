import React, { useState } from 'react';
import { Box, Button, FormGroup, H2, Input, Label, MessageBox } from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';

/** The logged-in admin changes their own password (current, new, repeat). */
const ChangePassword = () => {
  const { translateMessage, translateLabel } = useTranslation();
  const [form, setForm] = useState({ current: '', password: '', repeat: '' });
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const ru = (navigator.language || '').startsWith('ru');
  const field = (name: keyof typeof form, label: string) => (
    <FormGroup>
      <Label>{label}</Label>
      <Input type="password" name={name} value={form[name]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: e.target.value })} />
    </FormGroup>
  );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const response = await new ApiClient().getPage({ pageName: 'changePassword', method: 'post', data: form });
    const data: { ok?: boolean; messageKey?: string; message?: string } = response.data ?? {};
    setResult({ ok: Boolean(data.ok), message: data.messageKey ? translateMessage(data.messageKey) : (data.message ?? '') });
    if (data.ok) setForm({ current: '', password: '', repeat: '' });
  };
  return (
    <Box variant="grey" p="xl">
      <Box as="form" variant="white" p="xl" onSubmit={submit} data-testid="change-password">
        <H2>{translateLabel('changePassword')}</H2>
        {result && <MessageBox my="lg" variant={result.ok ? 'success' : 'danger'} message={result.message} />}
        {field('current', ru ? 'Текущий пароль' : 'Current password')}
        {field('password', ru ? 'Новый пароль (не короче 10 символов)' : 'New password (10 characters or more)')}
        {field('repeat', ru ? 'Новый пароль ещё раз' : 'Repeat the new password')}
        <Button type="submit" variant="contained">
          {ru ? 'Сменить пароль' : 'Change password'}
        </Button>
      </Box>
    </Box>
  );
};

export default ChangePassword;
