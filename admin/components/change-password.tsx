import React, { useEffect, useState } from 'react';
import { Box, Button, FormGroup, H2, Input, Label, MessageBox } from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';

type Result = { ok: boolean; message: string } | null;
type Answer = { ok?: boolean; messageKey?: string; message?: string; name?: string | null };

/** The logged-in person's own name (asked for while empty: colleagues see it) and password (current, new, repeat). */
const ChangePassword = () => {
  const { translateMessage } = useTranslation();
  const [form, setForm] = useState({ current: '', password: '', repeat: '' });
  const [result, setResult] = useState<Result>(null);
  const [name, setName] = useState('');
  const [named, setNamed] = useState<boolean | null>(null);
  const [nameResult, setNameResult] = useState<Result>(null);
  const ru = (navigator.language || '').startsWith('ru');
  const api = new ApiClient();
  const said = (data: Answer): Result => ({ ok: Boolean(data.ok), message: data.messageKey ? translateMessage(data.messageKey) : (data.message ?? '') });
  useEffect(() => {
    void api.getPage({ pageName: 'changePassword' }).then((response) => {
      const current = (response.data as Answer | undefined)?.name ?? '';
      setName(current);
      setNamed(Boolean(current));
    });
  }, []);
  const field = (name: keyof typeof form, label: string) => (
    <FormGroup>
      <Label>{label}</Label>
      <Input type="password" name={name} value={form[name]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: e.target.value })} />
    </FormGroup>
  );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const response = await api.getPage({ pageName: 'changePassword', method: 'post', data: form });
    const data: Answer = response.data ?? {};
    setResult(said(data));
    if (data.ok) setForm({ current: '', password: '', repeat: '' });
  };
  const saveName = async (event: React.FormEvent) => {
    event.preventDefault();
    const response = await api.getPage({ pageName: 'changePassword', method: 'post', data: { displayName: name } });
    const data: Answer = response.data ?? {};
    setNameResult(said(data));
    if (data.ok) {
      setName(data.name ?? name);
      setNamed(true);
    }
  };
  return (
    <Box variant="grey" p="xl">
      <Box as="form" variant="white" p="xl" mb="xl" onSubmit={saveName} data-testid="own-name">
        <H2>{translateMessage('nameLabel')}</H2>
        {named === false && <MessageBox my="lg" variant="info" message={translateMessage('nameAsk')} data-testid="name-ask" />}
        {nameResult && <MessageBox my="lg" variant={nameResult.ok ? 'success' : 'danger'} message={nameResult.message} />}
        <FormGroup>
          <Label>{translateMessage('nameLabel')}</Label>
          <Input name="displayName" maxLength={100} value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
        </FormGroup>
        <Button type="submit" variant="contained">
          {translateMessage('nameSave')}
        </Button>
      </Box>
      <Box as="form" variant="white" p="xl" onSubmit={submit} data-testid="change-password">
        <H2>{ru ? 'Смена пароля' : 'Change password'}</H2>
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
