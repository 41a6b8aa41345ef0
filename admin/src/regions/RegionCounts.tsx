/**
 * A region's figures from `GET /api/stats/regions/:id` (counted by the API): households, people,
 * poor, exited, returned, village work teams and cadres; below a village, a small chart of the exit
 * progress of the regions one level down, each bar labelled with its count. Used by the region
 * page and the exit village page.
 */
import { lazy, Suspense } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Box, Card, CardContent, Grid, Skeleton, Typography } from '@mui/material';
import HomeWorkIcon from '@mui/icons-material/HomeWork';
import { useTranslate } from 'react-admin';
import { API_URL, httpClient } from '../providers/http.ts';
import { COLORS, NextStep, type RegionFigures } from '../dashboard/RoleFigures.tsx';

const BarFigure = lazy(() => import('../dashboard/BarFigure.tsx'));

export interface RegionStats {
  regionId: string;
  name: string;
  level: string;
  households: number;
  people: number;
  poor: number;
  exited: number;
  returned: number;
  workTeams: number;
  cadres: number;
  childLevel: string | null;
  children: RegionFigures[];
}

const FIGURES = ['households', 'people', 'poor', 'exited', 'returned', 'workTeams', 'cadres'] as const;

export const RegionCounts = ({ regionId }: { regionId: string }) => {
  const translate = useTranslate();
  const { data, isPending, error } = useQuery({
    queryKey: ['stats', 'region', regionId],
    queryFn: async () => (await httpClient(`${API_URL}/stats/regions/${encodeURIComponent(regionId)}`)).json as RegionStats,
    retry: false,
  });
  // outside the user's scope (403): the page itself says so; no figures
  if (error) return null;
  if (isPending || !data) return <Skeleton variant="rectangular" height={96} sx={{ mx: 2 }} />;
  const children = data.children.filter((c) => c.households > 0).slice(0, 30);
  return (
    <Box sx={{ px: 2, pb: 2 }} data-testid="region-counts">
      <Typography variant="h6" component="h2" gutterBottom>
        {translate('app.stats.regionCounts')}
      </Typography>
      <Grid container spacing={1}>
        {FIGURES.map((key) => (
          <Grid key={key} size={{ xs: 6, sm: 4, md: 12 / 7 }}>
            <Card variant="outlined">
              <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
                <Typography variant="caption" color="text.secondary">
                  {translate(`app.stats.${key}`)}
                </Typography>
                <Typography variant="h6" component="p" data-testid={`region-count-${key}`}>
                  {data[key].toLocaleString()}
                </Typography>
              </CardContent>
            </Card>
          </Grid>
        ))}
      </Grid>
      {data.households === 0 ? (
        <NextStep icon={<HomeWorkIcon fontSize="large" />} message="app.stats.noHouseholds" testId="region-counts-empty" />
      ) : children.length ? (
        <Box sx={{ mt: 2 }}>
          <Typography variant="subtitle1" component="h3">
            {translate('app.stats.childrenChart')}
          </Typography>
          <Suspense fallback={<Skeleton variant="rectangular" height={160} />}>
            <BarFigure
              testId="region-children-chart"
              title={translate('app.stats.childrenChart')}
              categories={children.map((c) => c.name)}
              series={[
                { label: translate('app.stats.exited'), data: children.map((c) => c.exited), color: COLORS.exited },
                { label: translate('app.stats.poor'), data: children.map((c) => c.poor), color: COLORS.poor },
              ]}
              horizontal
              stacked
            />
          </Suspense>
        </Box>
      ) : (
        <Suspense fallback={<Skeleton variant="rectangular" height={120} />}>
          <BarFigure
            testId="region-children-chart"
            title={translate('app.stats.regionCounts')}
            categories={[data.name]}
            series={[
              { label: translate('app.stats.exited'), data: [data.exited], color: COLORS.exited },
              { label: translate('app.stats.poor'), data: [data.poor], color: COLORS.poor },
              { label: translate('app.stats.returned'), data: [data.returned], color: COLORS.returned },
            ]}
            horizontal
            height={140}
          />
        </Suspense>
      )}
    </Box>
  );
};
