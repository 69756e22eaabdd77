import React from 'react';
import { Box, CurrentUserNav } from '@adminjs/design-system';
import { useTranslation, type LoggedInProps } from 'adminjs';

/*
 * AdminJS's user menu in the top bar (lib/frontend/components/app/logged-in.js), registered over it in
 * admin/components.ts: the same menu, with the person's own pages — "Мой аккаунт" (Telegram link), their name
 * and password, the door scanner — and a logout that POSTs to the logout URL (a GET of it ends nothing, see
 * admin/logout.ts). A form rather than fetch: the browser follows the answer to the login page itself.
 */
const LoggedIn = ({ session, paths }: LoggedInProps) => {
  const { translateButton, translateLabel } = useTranslation();
  const go = (href: string) => (event: React.MouseEvent) => {
    event.preventDefault();
    window.location.assign(href);
  };
  const root = paths.logoutPath.replace(/\/logout$/, ''); // the admin's root: LoggedInProps carries only the logout path
  const account = `${root}/account`;
  const scanner = `${root}/checkin`;
  const ownPage = `${root}/pages/changePassword`;
  const logout = (event: React.MouseEvent) => {
    event.preventDefault();
    const form = document.createElement('form');
    form.method = 'post';
    form.action = paths.logoutPath;
    document.body.append(form);
    form.submit();
  };
  return (
    <Box flexShrink={0} data-css="logged-in">
      <CurrentUserNav
        name={session.email}
        title={session.title}
        avatarUrl={session.avatarUrl}
        dropActions={[
          { label: translateLabel('myAccount'), onClick: go(account), icon: 'User', href: account },
          { label: translateLabel('changePassword'), onClick: go(ownPage), icon: 'Key', href: ownPage },
          { label: translateLabel('doorScanner'), onClick: go(scanner), icon: 'Camera', href: scanner },
          { label: translateButton('logout'), onClick: logout, icon: 'LogOut', href: paths.logoutPath },
        ]}
      />
    </Box>
  );
};

export default LoggedIn;
