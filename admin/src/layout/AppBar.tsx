import { Box, Typography } from '@mui/material';
import { AppBar as RaAppBar, LoadingIndicator, LocalesMenuButton, TitlePortal, UserMenu, useGetIdentity, useTranslate } from 'react-admin';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { useRoleScopeLabel } from './useRoleScopeLabel.ts';

/** The signed-in user: display name, then role and scope ("县级审核人 · 沅陵县"). */
const SessionLabel = () => {
  const { identity } = useGetIdentity();
  const roleScope = useRoleScopeLabel();
  if (!identity) return null;
  return (
    <Box sx={{ display: { xs: 'none', sm: 'flex' }, flexDirection: 'column', alignItems: 'flex-end', mr: 1, lineHeight: 1.2 }} data-testid="session-user">
      <Typography variant="body2" component="span" sx={{ fontWeight: 600 }} data-testid="session-display-name">
        {identity.fullName}
      </Typography>
      <Typography variant="caption" component="span" data-testid="session-role-scope">
        {roleScope}
      </Typography>
    </Box>
  );
};

/**
 * react-admin's user menu, named by what it shows: its button shows the user's name but was named
 * "Profile" only, which screen-reader and voice-control users cannot match to what they see.
 */
const AccountMenu = () => {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const menu = translate('ra.auth.user_menu');
  return <UserMenu label={identity?.fullName ? `${identity.fullName} · ${menu}` : menu} />;
};

export const AppBar = () => (
  <RaAppBar
    userMenu={<AccountMenu />}
    toolbar={
      <>
        <SessionLabel />
        <NotificationBell />
        <LocalesMenuButton />
        <LoadingIndicator />
      </>
    }
  >
    <TitlePortal />
  </RaAppBar>
);
