import React from 'react';
import { Box, Button, FormGroup, H2, H5, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/** Where the e-mail typed waits for the page a wrong password brings back (this tab only). */
const TYPED_EMAIL = 'admin-login-email';

/**
 * AdminJS's login page (lib/frontend/components/login), registered over it in admin/components.ts: the same
 * form, but a wrong password keeps the e-mail typed — the page comes back from the server, so the e-mail waits
 * in this tab's sessionStorage (never the password), and is forgotten once a login page shows no error.
 * The fields say what they are to password managers.
 */
const Login = () => {
  const { action, errorMessage: message } = (window as Window & { __APP_STATE__?: { action?: string; errorMessage?: string } }).__APP_STATE__ ?? {};
  const { translateComponent, translateMessage } = useTranslation();
  const companyName = (window as Window & { REDUX_STATE?: { branding?: { companyName?: string } } }).REDUX_STATE?.branding?.companyName ?? '';
  const typed = message ? (sessionStorage.getItem(TYPED_EMAIL) ?? '') : '';
  if (!message) sessionStorage.removeItem(TYPED_EMAIL);
  const remember = (event: React.FormEvent<HTMLFormElement>) => {
    const email = new FormData(event.currentTarget).get('email');
    sessionStorage.setItem(TYPED_EMAIL, String(email ?? ''));
  };
  return (
    <Box flex variant="grey" alignItems="center" justifyContent="center" flexDirection="column" style={{ minHeight: '100%' }} className="login__Wrapper">
      <Box bg="white" flex boxShadow="login" width={[1, 2 / 3, 'auto']}>
        <Box bg="primary100" color="white" p="x3" width="380px" flexGrow={0} display={['none', 'none', 'block']}>
          <H2 fontWeight="lighter">{translateComponent('Login.welcomeHeader')}</H2>
          <Text fontWeight="lighter" mt="default">
            {translateComponent('Login.welcomeMessage')}
          </Text>
        </Box>
        <Box as="form" action={action} method="POST" p="x3" flexGrow={1} width={['100%', '100%', '480px']} onSubmit={remember}>
          <H5 marginBottom="xxl">{companyName}</H5>
          {message && <MessageBox my="lg" message={message.split(' ').length > 1 ? message : translateMessage(message)} variant="danger" />}
          <FormGroup>
            <Label required htmlFor="login-email">
              {translateComponent('Login.properties.email')}
            </Label>
            <Input
              id="login-email"
              name="email"
              // Not type="email": the browser's check would block an account whose address it dislikes.
              inputMode="email"
              autoComplete="username"
              defaultValue={typed}
              autoFocus={!typed}
              placeholder={translateComponent('Login.properties.email')}
            />
          </FormGroup>
          <FormGroup>
            <Label required htmlFor="login-password">
              {translateComponent('Login.properties.password')}
            </Label>
            <Input
              id="login-password"
              type="password"
              name="password"
              autoComplete="current-password"
              autoFocus={Boolean(typed)}
              placeholder={translateComponent('Login.properties.password')}
            />
          </FormGroup>
          <Text mt="xl" textAlign="center">
            <Button variant="contained">{translateComponent('Login.loginButton')}</Button>
          </Text>
        </Box>
      </Box>
    </Box>
  );
};

export default Login;
