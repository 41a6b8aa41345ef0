import { Box, Typography } from '@mui/material';
import { AppBar as RaAppBar, LoadingIndicator, LocalesMenuButton, TitlePortal, useGetIdentity } from 'react-admin';
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

export const AppBar = () => (
  <RaAppBar
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
