/** The counties of a cycle (县级进度): stage, progress bars, the four tests, the outcome, open tasks; a row opens the county. */
import { useState } from 'react';
import { Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import { NameCell, OpenRow, Pager } from './TableParts.tsx';
import type { ExitCounty } from './types.ts';
import { liveInterval } from './useCycleProgress.tsx';
import { EmptyState, ExitChip, PassChip, ProgressBar, Scroll, TaskLevels } from './widgets.tsx';

const PER_PAGE = 50;

/** `live`: the cycle runs, so the counties are read again every LIVE_REFRESH_MS (they appear as their workflows start). */
export const CountyTable = ({ cycleId, live = false }: { cycleId: string; live?: boolean }) => {
  const translate = useTranslate();
  const [page, setPage] = useState(1);
  const { data, total, isPending, error } = useGetList<ExitCounty>('exit-counties', {
    filter: { cycleId },
    pagination: { page, perPage: PER_PAGE },
    sort: { field: 'countyId', order: 'ASC' },
  }, { refetchInterval: liveInterval(live) });
  if (error) return <Typography color="error">{translate(error.message, { _: error.message })}</Typography>;
  if (isPending) return null;
  if (!data?.length) return <EmptyState testId="counties-empty" message="app.exit.empty.counties" />;
  return (
    <Box data-testid="county-table">
      <Scroll>
        <Table size="small" aria-label={translate('app.exit.sections.counties')}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.exit.columns.county')}</TableCell>
              <TableCell>{translate('app.exit.columns.stage')}</TableCell>
              <TableCell>{translate('app.exit.columns.progress')}</TableCell>
              <TableCell>{translate('app.exit.columns.tests')}</TableCell>
              <TableCell>{translate('app.exit.columns.outcome')}</TableCell>
              <TableCell>{translate('app.exit.columns.openTasks')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((c) => (
              <OpenRow key={c.id} to={`/exit-counties/${encodeURIComponent(c.id)}/show`} data-testid="county-row" data-county={c.countyId}>
                <NameCell to={`/exit-counties/${encodeURIComponent(c.id)}/show`} name={c.countyName ?? c.countyId} caption={c.cityName ?? c.cityId} />
                <TableCell>
                  <ExitChip group="stage" value={c.stage} />
                </TableCell>
                <TableCell>
                  <Stack spacing={0.5}>
                    <ProgressBar done={c.progress.exited} total={c.progress.candidates} label={translate('app.exit.progress.households')} testId="county-progress-households" />
                    <ProgressBar done={c.progress.villagesDone} total={c.progress.villages} label={translate('app.exit.progress.villages')} />
                  </Stack>
                </TableCell>
                <TableCell>{c.tests ? <PassChip pass={c.tests.pass} testId="county-tests-result" /> : <Typography variant="body2" color="text.secondary">{translate('app.exit.tests.notYet')}</Typography>}</TableCell>
                <TableCell>
                  <Tooltip title={c.outcomeReason ?? ''}>
                    <span>
                      <ExitChip group="outcome" value={c.outcome} testId="county-outcome" />
                    </span>
                  </Tooltip>
                </TableCell>
                <TableCell>
                  <TaskLevels open={c.openTasks} overdue={c.overdueTasks} />
                </TableCell>
              </OpenRow>
            ))}
          </TableBody>
        </Table>
      </Scroll>
      <Pager page={page} total={total} perPage={PER_PAGE} onPage={setPage} />
    </Box>
  );
};
