/**
 * Numbers first for every role, from `GET /api/stats/dashboard` (counted by the API inside the
 * user's scope): the office sees cycles by stage and overdue tasks by level; whoever decides sees
 * their inbox by due date; a leader (and the office) the latest published ranking, exit progress
 * and returns by city and county. Every chart labels its bars with their values; a section with
 * nothing to show says what to do next.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Box, Button, Card, CardContent, Grid, Skeleton, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import InboxIcon from '@mui/icons-material/Inbox';
import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import PlayCircleOutlineIcon from '@mui/icons-material/PlayCircleOutline';
import { LinkBase, useLocale, useTranslate } from 'react-admin';
import { DownloadButtons } from '../common/DownloadButtons.tsx';
import { exportPath } from '../common/ExportButton.tsx';
import { API_URL, httpClient } from '../providers/http.ts';

const BarFigure = lazy(() => import('./BarFigure.tsx'));

interface Count {
  key: string;
  count: number;
}
export interface RegionFigures {
  regionId: string;
  name: string;
  households: number;
  poor: number;
  exited: number;
  returned: number;
}
export interface DashboardStats {
  regionId: string;
  regionName: string;
  role: string;
  office: { runningCycles: number; cyclesByStatus: Count[]; runningByStage: Count[]; overdueByLevel: Count[]; openByLevel: Count[] } | null;
  inbox: { open: number; overdue: number; later: number; byDueDate: { date: string; count: number }[] } | null;
  leader: {
    ranking: { id: string; year: number; version: number; publishedAt: string | null; entries: { regionId: string; name: string | null; rank: number | null; total: number | null }[] } | null;
    byCity: RegionFigures[];
    byCounty: RegionFigures[];
  } | null;
}

export const COLORS = { poor: '#ed6c02', exited: '#2e7d32', returned: '#c62828', overdue: '#d32f2f', open: '#1976d2', stage: '#5e35b1' };

/** Nothing to show: an icon, what to do next, and where to go. */
export const NextStep = ({ icon, message, to, action, testId }: { icon: ReactNode; message: string; to?: string; action?: string; testId: string }) => {
  const translate = useTranslate();
  return (
    <Stack alignItems="center" spacing={1} sx={{ py: 3, px: 2, color: 'text.secondary', textAlign: 'center' }} data-testid={testId}>
      <Box sx={{ display: 'flex', color: 'text.secondary' }} aria-hidden>
        {icon}
      </Box>
      <Typography variant="body2">{translate(message)}</Typography>
      {to && action ? (
        <Button size="small" variant="outlined" component={LinkBase} to={to}>
          {translate(action)}
        </Button>
      ) : null}
    </Stack>
  );
};

/** A titled card; its chart loads lazily. */
export const FigureCard = ({ title, testId, children }: { title: string; testId: string; children: ReactNode }) => (
  <Card variant="outlined" sx={{ height: '100%' }} data-testid={testId}>
    <CardContent>
      <Typography variant="h6" component="h2" gutterBottom>
        {title}
      </Typography>
      <Suspense fallback={<Skeleton variant="rectangular" height={200} />}>{children}</Suspense>
    </CardContent>
  </Card>
);

const Big = ({ label, value, testId, color }: { label: string; value: number; testId: string; color?: string }) => (
  <Box>
    <Typography variant="body2" color="text.secondary">
      {label}
    </Typography>
    <Typography variant="h4" component="p" data-testid={testId} sx={{ color }}>
      {value.toLocaleString()}
    </Typography>
  </Box>
);

const topBy = <T,>(rows: T[], key: (r: T) => number, n = 15) => [...rows].sort((a, b) => key(b) - key(a)).slice(0, n).filter((r) => key(r) > 0);

const OfficeSection = ({ office }: { office: NonNullable<DashboardStats['office']> }) => {
  const translate = useTranslate();
  const level = (l: string) => translate(`enums.regionLevel.${l}`, { _: l });
  return (
    <>
      <Grid size={{ xs: 12, md: 6 }}>
        <FigureCard title={translate('app.stats.runningByStage')} testId="stats-office-cycles">
          <Big label={translate('app.stats.runningCycles')} value={office.runningCycles} testId="stats-running-cycles" />
          {office.runningByStage.length ? (
            <BarFigure
              testId="stats-stage-chart"
              title={translate('app.stats.runningByStage')}
              categories={office.runningByStage.map((s) => translate(`app.exit.stage.${s.key}`, { _: s.key }))}
              series={[{ label: translate('app.stats.count'), data: office.runningByStage.map((s) => s.count), color: COLORS.stage }]}
              horizontal
            />
          ) : (
            <NextStep icon={<PlayCircleOutlineIcon fontSize="large" />} message="app.stats.noCycles" to="/cycles" action="app.stats.openCycles" testId="stats-no-cycles" />
          )}
        </FigureCard>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <FigureCard title={translate('app.stats.overdueByLevel')} testId="stats-office-overdue">
          {office.overdueByLevel.length ? (
            <BarFigure
              testId="stats-overdue-chart"
              title={translate('app.stats.overdueByLevel')}
              categories={office.overdueByLevel.map((c) => level(c.key))}
              series={[{ label: translate('app.stats.overdueBar'), data: office.overdueByLevel.map((c) => c.count), color: COLORS.overdue }]}
            />
          ) : (
            <NextStep icon={<EventAvailableIcon fontSize="large" />} message="app.stats.noOverdue" testId="stats-no-overdue" />
          )}
        </FigureCard>
      </Grid>
    </>
  );
};

const InboxSection = ({ inbox }: { inbox: NonNullable<DashboardStats['inbox']> }) => {
  const translate = useTranslate();
  const locale = useLocale();
  const day = new Intl.DateTimeFormat(locale === 'en' ? 'en' : 'zh-CN', { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  const overdueLink = `/tasks?filter=${encodeURIComponent(JSON.stringify({ status: 'OPEN', overdue: true }))}`;
  return (
    <Grid size={12}>
      <FigureCard title={translate('app.stats.inbox')} testId="stats-inbox">
        <Stack direction="row" spacing={4} sx={{ mb: 1 }}>
          <Big label={translate('app.stats.inboxOpen')} value={inbox.open} testId="stats-inbox-open" />
          <LinkBase to={overdueLink} style={{ textDecoration: 'none' }}>
            <Big label={translate('app.stats.inboxOverdue')} value={inbox.overdue} testId="stats-inbox-overdue" color={inbox.overdue ? COLORS.overdue : undefined} />
          </LinkBase>
        </Stack>
        {inbox.open ? (
          <BarFigure
            testId="stats-inbox-chart"
            title={translate('app.stats.inboxByDueDate')}
            categories={[translate('app.stats.overdueBar'), ...inbox.byDueDate.map((d) => day.format(new Date(`${d.date}T00:00:00Z`))), translate('app.stats.laterBar')]}
            series={[{ label: translate('app.stats.count'), data: [inbox.overdue, ...inbox.byDueDate.map((d) => d.count), inbox.later], color: COLORS.open }]}
          />
        ) : (
          <NextStep icon={<InboxIcon fontSize="large" />} message="app.stats.inboxEmpty" testId="stats-inbox-empty" />
        )}
      </FigureCard>
    </Grid>
  );
};

const LeaderSection = ({ leader }: { leader: NonNullable<DashboardStats['leader']> }) => {
  const translate = useTranslate();
  const locale = useLocale();
  const { ranking } = leader;
  const progress = (rows: RegionFigures[], testId: string) => (
    <BarFigure
      testId={testId}
      title={translate('app.stats.exitProgressByCity')}
      categories={rows.map((r) => r.name)}
      series={[
        { label: translate('app.stats.exited'), data: rows.map((r) => r.exited), color: COLORS.exited },
        { label: translate('app.stats.poor'), data: rows.map((r) => r.poor), color: COLORS.poor },
      ]}
      horizontal
      stacked
    />
  );
  const counties = topBy(leader.byCounty, (r) => r.poor);
  const returns = topBy(leader.byCounty, (r) => r.returned);
  return (
    <>
      <Grid size={{ xs: 12, md: 6 }}>
        <FigureCard title={ranking ? translate('app.stats.ranking', { year: ranking.year, version: ranking.version }) : translate('app.stats.leader')} testId="stats-ranking">
          {ranking ? (
            <>
              <Table size="small" aria-label={translate('app.stats.ranking', { year: ranking.year, version: ranking.version })}>
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('app.stats.rank')}</TableCell>
                    <TableCell>{translate('app.stats.county')}</TableCell>
                    <TableCell align="right">{translate('app.stats.total')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {ranking.entries.slice(0, 10).map((e) => (
                    <TableRow key={e.regionId} data-testid="stats-ranking-row">
                      <TableCell>{e.rank ?? '—'}</TableCell>
                      <TableCell>{e.name ?? e.regionId}</TableCell>
                      <TableCell align="right">{e.total ?? '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {ranking.entries.length ? (
                <Box sx={{ mt: 2 }}>
                  <BarFigure
                    horizontal
                    testId="stats-ranking-chart"
                    title={translate('app.stats.rankingChart', { year: ranking.year })}
                    categories={ranking.entries.slice(0, 10).map((e) => `${e.rank ?? '—'}. ${e.name ?? e.regionId}`)}
                    series={[{ label: translate('app.stats.total'), data: ranking.entries.slice(0, 10).map((e) => e.total ?? 0), color: COLORS.stage }]}
                  />
                </Box>
              ) : null}
              <Stack direction="row" spacing={2} alignItems="center" sx={{ mt: 1, flexWrap: 'wrap' }}>
                <DownloadButtons testId="stats-ranking-download" fallbackName={`ranking-${ranking.year}`} pathFor={(format) => exportPath('rankings', { id: ranking.id }, format, locale)} />
                <Button size="small" component={LinkBase} to={`/rankings/${encodeURIComponent(ranking.id)}/show`} data-testid="stats-ranking-open">
                  {translate('app.stats.openRanking')}
                </Button>
              </Stack>
            </>
          ) : (
            <NextStep icon={<LeaderboardIcon fontSize="large" />} message="app.stats.noRanking" testId="stats-no-ranking" />
          )}
        </FigureCard>
      </Grid>
      {leader.byCity.length ? (
        <Grid size={{ xs: 12, md: 6 }}>
          <FigureCard title={translate('app.stats.exitProgressByCity')} testId="stats-by-city">
            {progress(leader.byCity, 'stats-city-chart')}
          </FigureCard>
        </Grid>
      ) : null}
      <Grid size={{ xs: 12, md: 6 }}>
        <FigureCard title={translate('app.stats.exitProgressByCounty')} testId="stats-by-county">
          {counties.length ? progress(counties, 'stats-county-chart') : <NextStep icon={<EventAvailableIcon fontSize="large" />} message="app.stats.noHouseholds" to="/regions" action="app.stats.openRegions" testId="stats-no-households" />}
        </FigureCard>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <FigureCard title={translate('app.stats.returnsByCounty')} testId="stats-returns">
          {returns.length ? (
            <BarFigure
              testId="stats-returns-chart"
              title={translate('app.stats.returnsByCounty')}
              categories={returns.map((r) => r.name)}
              series={[{ label: translate('app.stats.returned'), data: returns.map((r) => r.returned), color: COLORS.returned }]}
              horizontal
            />
          ) : (
            <Typography variant="h4" component="p" data-testid="stats-returns-none">
              0
            </Typography>
          )}
        </FigureCard>
      </Grid>
    </>
  );
};

export const RoleFigures = () => {
  const { data, isPending } = useQuery({
    queryKey: ['stats', 'dashboard'],
    queryFn: async () => (await httpClient(`${API_URL}/stats/dashboard`)).json as DashboardStats,
  });
  if (isPending) return <Skeleton variant="rectangular" height={240} sx={{ mt: 2 }} />;
  if (!data) return null;
  return (
    <Grid container spacing={2} sx={{ mt: 0 }} data-testid="stats-role-figures" data-role={data.role}>
      {data.office ? <OfficeSection office={data.office} /> : null}
      {data.inbox ? <InboxSection inbox={data.inbox} /> : null}
      {data.leader ? <LeaderSection leader={data.leader} /> : null}
    </Grid>
  );
};

