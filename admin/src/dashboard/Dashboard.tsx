/**
 * Home page: the user's scope and three counts read from `Content-Range` totals of one-row lists
 * (`range=[0,0]`): open tasks (`/api/tasks?filter={"status":"OPEN"}`), registered-poor and exited
 * households in scope (`/api/households?filter={"status":"POOR"|"EXITED"}`). The chart is lazy.
 * Below them, the figures of the user's role (RoleFigures.tsx, from `/api/stats/dashboard`).
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Box, Card, CardActionArea, CardContent, Grid, Skeleton, Typography } from '@mui/material';
import InboxIcon from '@mui/icons-material/Inbox';
import HomeIcon from '@mui/icons-material/Home';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import { Title, LinkBase, useCanAccess, useGetIdentity, useGetList, useTranslate } from 'react-admin';
import { useRoleScopeLabel } from '../layout/useRoleScopeLabel.ts';
import { RoleFigures } from './RoleFigures.tsx';

const HouseholdChart = lazy(() => import('./HouseholdChart.tsx'));

/** Total of a list from its `Content-Range` (one row asked: `range=[0,0]`); `sortField` is one the API sorts by. */
function useTotal(resource: string, filter: object, sortField: string, enabled: boolean): { total: number | undefined; isPending: boolean } {
  const { total, isPending } = useGetList(
    resource,
    { filter, pagination: { page: 1, perPage: 1 }, sort: { field: sortField, order: 'ASC' } },
    { enabled },
  );
  return { total, isPending: enabled && isPending };
}

const listLink = (resource: string, filter: object) =>
  `/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;

const StatCard = (props: { label: string; total: number | undefined; pending: boolean; icon: ReactNode; to: string; testId: string }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardActionArea component={LinkBase} to={props.to} sx={{ height: '100%' }}>
        <CardContent sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
          <Box sx={{ color: 'primary.main', display: 'flex' }}>{props.icon}</Box>
          <Box>
            <Typography variant="body2" color="text.secondary">
              {translate(props.label)}
            </Typography>
            <Typography variant="h4" component="p" data-testid={props.testId}>
              {props.pending ? <Skeleton width={60} /> : (props.total ?? '—').toLocaleString()}
            </Typography>
          </Box>
        </CardContent>
      </CardActionArea>
    </Card>
  );
};

export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const scope = useRoleScopeLabel();
  // the inbox count is for those who decide (a leader's default task list is empty)
  const { canAccess: canListTasks } = useCanAccess({ resource: 'tasks', action: 'decide' });
  const { canAccess: canListHouseholds } = useCanAccess({ resource: 'households', action: 'list' });
  const tasks = useTotal('tasks', { status: 'OPEN' }, 'dueAt', canListTasks === true);
  const poor = useTotal('households', { status: 'POOR' }, 'code', canListHouseholds === true);
  const exited = useTotal('households', { status: 'EXITED' }, 'code', canListHouseholds === true);

  return (
    <Box sx={{ mt: 2 }}>
      <Title title="app.dashboard.title" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="h5" gutterBottom>
            {translate('app.dashboard.welcome', { name: identity?.fullName ?? '' })}
          </Typography>
          <Typography variant="body1" color="text.secondary" data-testid="dashboard-scope">
            {translate('app.dashboard.scope', { scope })}
          </Typography>
        </CardContent>
      </Card>
      <Grid container spacing={2}>
        {canListTasks ? (
          <Grid size={{ xs: 12, md: 4 }}>
            <StatCard
              label="app.dashboard.openTasks"
              total={tasks.total}
              pending={tasks.isPending}
              icon={<InboxIcon fontSize="large" />}
              to={listLink('tasks', { status: 'OPEN' })}
              testId="dashboard-open-tasks"
            />
          </Grid>
        ) : null}
        {canListHouseholds ? (
          <>
            <Grid size={{ xs: 12, md: 4 }}>
              <StatCard
                label="app.dashboard.poorHouseholds"
                total={poor.total}
                pending={poor.isPending}
                icon={<HomeIcon fontSize="large" />}
                to={listLink('households', { status: 'POOR' })}
                testId="dashboard-poor-households"
              />
            </Grid>
            <Grid size={{ xs: 12, md: 4 }}>
              <StatCard
                label="app.dashboard.exitedHouseholds"
                total={exited.total}
                pending={exited.isPending}
                icon={<TaskAltIcon fontSize="large" />}
                to={listLink('households', { status: 'EXITED' })}
                testId="dashboard-exited-households"
              />
            </Grid>
          </>
        ) : null}
        {canListHouseholds && poor.total !== undefined && exited.total !== undefined && poor.total + exited.total > 0 ? (
          <Grid size={12}>
            <Card variant="outlined">
              <CardContent>
                <Typography variant="h6" gutterBottom>
                  {translate('app.dashboard.chartTitle')}
                </Typography>
                <Suspense fallback={<Skeleton variant="rectangular" height={240} />}>
                  <HouseholdChart poor={poor.total} exited={exited.total} />
                </Suspense>
              </CardContent>
            </Card>
          </Grid>
        ) : null}
      </Grid>
      <RoleFigures />
    </Box>
  );
};
