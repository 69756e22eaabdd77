import React from 'react';
import { Box, CurrentUserNav } from '@adminjs/design-system';
import { useTranslation, type LoggedInProps } from 'adminjs';

/*
 * AdminJS's user menu in the top bar (lib/frontend/components/app/logged-in.js), registered over it in
 * admin/components.ts: the same menu, but its logout POSTs to the logout URL (a GET of it ends nothing, see
 * admin/logout.ts). A form rather than fetch: the browser follows the answer to the login page itself.
 */
const LoggedIn = ({ session, paths }: LoggedInProps) => {
  const { translateButton } = useTranslation();
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
        dropActions={[{ label: translateButton('logout'), onClick: logout, icon: 'LogOut', href: paths.logoutPath }]}
      />
    </Box>
  );
};

export default LoggedIn;
