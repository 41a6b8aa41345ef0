/**
 * A county of a cycle: stage, outcome with its reason, progress and open tasks per level, the four
 * tests (三率一度), then its townships (per-township sums) and villages; a township narrows the
 * villages, a village opens its households. During the county's exit notice (stage NOTICE, 摘帽公示)
 * a user with `objection.create` may raise an objection to the county's exit (提出异议).
 */
import { useState } from 'react';
import { Box, Button, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { LinkBase, Show, TopToolbar, useGetList, useRecordContext, useTranslate } from 'react-admin';
import { Section } from '../common/Section.tsx';
import { NameCell, OpenRow } from '../cycles/TableParts.tsx';
import type { ExitCounty, ExitTownship, ExitVillage } from '../cycles/types.ts';
import { EmptyState, ExitChip, ProgressBar, Scroll, TaskLevels } from '../cycles/widgets.tsx';
import { ObjectionButton } from '../exit-villages/ObjectionButton.tsx';
import { CountyTests } from './CountyTests.tsx';

const Title = () => {
  const record = useRecordContext<ExitCounty>();
  const translate = useTranslate();
  return record ? <span>{translate('app.exit.countyTitle', { county: record.countyName ?? record.countyId })}</span> : null;
};

const Actions = () => {
  const record = useRecordContext<ExitCounty>();
  const translate = useTranslate();
  return (
    <TopToolbar>
      {record ? (
        <Button size="small" startIcon={<ArrowBackIcon />} component={LinkBase} to={`/cycles/${encodeURIComponent(record.cycleId)}/show`} data-testid="back-to-cycle">
          {translate('app.exit.backToCycle')}
        </Button>
      ) : null}
    </TopToolbar>
  );
};

export const TownshipTable = ({ cycleId, countyId, selected, onSelect }: { cycleId: string; countyId: string; selected: string | null; onSelect: (id: string | null) => void }) => {
  const translate = useTranslate();
  const { data, isPending } = useGetList<ExitTownship>('exit-townships', { filter: { cycleId, countyId }, pagination: { page: 1, perPage: 500 }, sort: { field: 'townshipId', order: 'ASC' } });
  if (isPending) return null;
  if (!data?.length) return <EmptyState testId="townships-empty" message="app.exit.empty.townships" />;
  return (
    <Scroll>
      <Table size="small" data-testid="township-table" aria-label={translate('app.exit.sections.townships')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.exit.columns.township')}</TableCell>
            <TableCell>{translate('app.exit.columns.progress')}</TableCell>
            <TableCell align="right">{translate('app.exit.columns.assessed')}</TableCell>
            <TableCell align="right">{translate('app.exit.columns.held')}</TableCell>
            <TableCell align="right">{translate('app.exit.columns.refused')}</TableCell>
            <TableCell>{translate('app.exit.columns.openTasks')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map((t) => (
            <TableRow
              key={t.id}
              hover
              selected={selected === t.townshipId}
              sx={{ cursor: 'pointer', '& td': { verticalAlign: 'top' } }}
              onClick={() => onSelect(selected === t.townshipId ? null : t.townshipId)}
              data-testid="township-row"
              data-township={t.townshipId}
            >
              <TableCell>{t.townshipName ?? t.townshipId}</TableCell>
              <TableCell>
                <Stack spacing={0.5}>
                  <ProgressBar done={t.exited} total={t.candidates} label={translate('app.exit.progress.households')} />
                  <ProgressBar done={t.villagesDone} total={t.villages} label={translate('app.exit.progress.villages')} />
                </Stack>
              </TableCell>
              <TableCell align="right">{t.assessed}</TableCell>
              <TableCell align="right">{t.held}</TableCell>
              <TableCell align="right">{t.refused}</TableCell>
              <TableCell>
                <TaskLevels open={t.openTasks} overdue={t.overdueTasks} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Scroll>
  );
};

export const VillageTable = ({ filter }: { filter: Record<string, string> }) => {
  const translate = useTranslate();
  const { data, isPending } = useGetList<ExitVillage>('exit-villages', { filter, pagination: { page: 1, perPage: 500 }, sort: { field: 'villageId', order: 'ASC' } });
  if (isPending) return null;
  if (!data?.length) return <EmptyState testId="villages-empty" message="app.exit.empty.villages" />;
  return (
    <Scroll>
      <Table size="small" data-testid="village-table" aria-label={translate('app.exit.sections.villages')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.exit.columns.village')}</TableCell>
            <TableCell>{translate('app.exit.columns.stage')}</TableCell>
            <TableCell>{translate('app.exit.columns.progress')}</TableCell>
            <TableCell>{translate('app.exit.columns.villageOutcome')}</TableCell>
            <TableCell>{translate('app.exit.columns.openTasks')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map((v) => (
            <OpenRow key={v.id} to={`/exit-villages/${encodeURIComponent(v.id)}/show`} data-testid="village-row" data-village={v.villageId}>
              <NameCell
                to={`/exit-villages/${encodeURIComponent(v.id)}/show`}
                name={v.villageName ?? v.villageId}
                caption={`${v.townshipName ?? v.townshipId}${v.poorVillage ? ` · ${translate('app.region.poorVillage')}` : ''}`}
              />
              <TableCell>
                <ExitChip group="stage" value={v.stage} />
              </TableCell>
              <TableCell>
                <Stack spacing={0.5}>
                  <ProgressBar done={v.exited} total={v.candidates} label={translate('app.exit.progress.households')} />
                  <ProgressBar done={v.acknowledged} total={v.candidates} label={translate('app.exit.progress.acknowledged')} />
                </Stack>
              </TableCell>
              <TableCell>
                <ExitChip group="outcome" value={v.villageOutcome} />
              </TableCell>
              <TableCell>
                <TaskLevels open={v.openTasks} overdue={v.overdueTasks} />
              </TableCell>
            </OpenRow>
          ))}
        </TableBody>
      </Table>
    </Scroll>
  );
};

const Body = () => {
  const record = useRecordContext<ExitCounty>();
  const translate = useTranslate();
  const [township, setTownship] = useState<string | null>(null);
  if (!record) return null;
  const p = record.progress;
  return (
    <Box sx={{ p: 2 }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} useFlexGap flexWrap="wrap" alignItems={{ xs: 'flex-start', sm: 'center' }}>
        <Typography variant="body2">{record.cityName}</Typography>
        <ExitChip group="stage" value={record.stage} testId="county-stage" />
        <ExitChip group="outcome" value={record.outcome} testId="county-outcome" />
        {record.poorCounty ? <Chip size="small" variant="outlined" label={translate('app.region.poorCounty')} /> : null}
        {record.policyKeptUntilYear ? <Typography variant="body2">{translate('app.exit.policyKeptUntil', { year: record.policyKeptUntilYear })}</Typography> : null}
        {/* during the county's exit notice (摘帽公示): anyone in scope may object to the county's exit */}
        <ObjectionButton subjectType="COUNTY" subjectId={record.countyId} name={record.countyName ?? record.countyId} open={record.stage === 'NOTICE'} />
      </Stack>
      {record.outcomeReason ? (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="county-outcome-reason">
          {translate('app.exit.outcomeReason', { reason: record.outcomeReason })}
        </Typography>
      ) : null}
      <Section title="app.exit.sections.progress">
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} useFlexGap flexWrap="wrap">
          <ProgressBar done={p.exited} total={p.candidates} label={translate('app.exit.progress.households')} testId="county-households" />
          <ProgressBar done={p.acknowledged} total={p.candidates} label={translate('app.exit.progress.acknowledged')} />
          <ProgressBar done={p.villagesDone} total={p.villages} label={translate('app.exit.progress.villages')} />
          <ProgressBar done={p.villagesExited} total={p.villages} label={translate('app.exit.progress.villagesExited')} />
        </Stack>
        <Typography variant="body2" sx={{ mt: 1 }}>
          {translate('app.exit.progress.summary', { assessed: p.assessed, candidates: p.candidates, held: p.held, refused: p.refused })}
        </Typography>
        <Stack direction="row" spacing={2} alignItems="center" sx={{ mt: 1 }}>
          <Typography variant="body2">{translate('app.exit.sections.openTasks')}</Typography>
          <TaskLevels open={record.openTasks} overdue={record.overdueTasks} testId="county-open-tasks" />
        </Stack>
      </Section>
      <Section title="app.exit.sections.tests" testId="county-tests-section">
        <CountyTests county={record} />
      </Section>
      <Section title="app.exit.sections.townships">
        <TownshipTable cycleId={record.cycleId} countyId={record.countyId} selected={township} onSelect={setTownship} />
      </Section>
      <Section title="app.exit.sections.villages">
        <VillageTable filter={{ cycleId: record.cycleId, countyId: record.countyId, ...(township ? { townshipId: township } : {}) }} />
      </Section>
    </Box>
  );
};

export const ExitCountyShow = () => (
  <Show actions={<Actions />} title={<Title />}>
    <Body />
  </Show>
);
