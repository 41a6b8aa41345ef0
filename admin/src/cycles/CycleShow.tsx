/**
 * One cycle: its stage and status, the cancel button (OFFICE), the progress of the whole cycle,
 * open and overdue tasks per level (a link to them in the inbox), the counties with their progress,
 * tests and outcome (a row opens the county: townships → villages → households), and the timeline.
 * While the cycle runs the page reads it again every LIVE_REFRESH_MS (the record, the progress, the
 * counties and the timeline), so an office watching a launch sees the counties appear without a
 * reload; once the cycle has ended the page stops asking.
 */
import { Box, Button, Stack, Typography } from '@mui/material';
import ListIcon from '@mui/icons-material/List';
import { DataTable, LinkBase, NumberField, ReferenceField, ReferenceManyField, Show, TextField, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { FieldGrid } from '../common/FieldGrid.tsx';
import { LocalDateTimeField } from '../common/fields.tsx';
import { Section } from '../common/Section.tsx';
import { CancelCycleButton } from './CancelCycleButton.tsx';
import { CountyTable } from './CountyTable.tsx';
import { CycleStatusField } from './CycleList.tsx';
import { Timeline } from './Timeline.tsx';
import { RankingStatusChip } from '../rankings/RankingList.tsx';
import type { Ranking } from '../rankings/types.ts';
import type { Cycle } from './types.ts';
import { liveInterval, useCycleProgressRows } from './useCycleProgress.tsx';
import { ExitChip, ProgressBar, TaskLevels } from './widgets.tsx';

const CycleTitle = () => {
  const record = useRecordContext<Cycle>();
  const translate = useTranslate();
  if (!record) return null;
  return <span>{translate('app.exit.cycleTitle', { type: translate(`processes.${record.type}`, { _: record.type }), year: record.year })}</span>;
};

const Actions = () => (
  <TopToolbar>
    <CancelCycleButton />
  </TopToolbar>
);

const TypeField = (_props: { label?: string }) => {
  const record = useRecordContext<Cycle>();
  const translate = useTranslate();
  return record ? <Typography variant="body2">{translate(`processes.${record.type}`, { _: record.type })}</Typography> : null;
};

const StageField = (_props: { label?: string }) => {
  const record = useRecordContext<Cycle>();
  return record ? <ExitChip group="stage" value={record.stage} testId="cycle-stage" /> : null;
};

/** The whole cycle in numbers (inside the reader's scope) and its open tasks per level. */
const Summary = () => {
  const record = useRecordContext<Cycle>();
  const translate = useTranslate();
  const rows = useCycleProgressRows(record?.type === 'EXIT_VERIFICATION' ? [String(record.id)] : [], record?.status === 'RUNNING');
  if (!record) return null;
  const p = rows.get(String(record.id));
  const inbox = `/tasks?filter=${encodeURIComponent(JSON.stringify({ cycleId: record.id, status: 'OPEN', all: true }))}`;
  return (
    <Section title="app.exit.sections.progress" testId="cycle-summary">
      {p ? (
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} useFlexGap flexWrap="wrap">
          <ProgressBar done={p.exited} total={p.candidates} label={translate('app.exit.progress.households')} testId="summary-households" />
          <ProgressBar done={p.acknowledged} total={p.candidates} label={translate('app.exit.progress.acknowledged')} />
          <ProgressBar done={p.villagesDone} total={p.villages} label={translate('app.exit.progress.villages')} />
          <ProgressBar done={p.countiesDone} total={p.counties} label={translate('app.exit.progress.counties')} testId="summary-counties" />
        </Stack>
      ) : null}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems={{ sm: 'center' }} sx={{ mt: 2 }}>
        <Typography variant="body2">{translate('app.exit.sections.openTasks')}</Typography>
        <TaskLevels open={p?.openTasks ?? record.openTasks} overdue={p?.overdueTasks} testId="cycle-open-tasks" />
        <Button size="small" startIcon={<ListIcon />} component={LinkBase} to={inbox}>
          {translate('app.exit.tasks.open')}
        </Button>
      </Stack>
    </Section>
  );
};

const RankingStatusField = (_props: { label?: string }) => <RankingStatusChip value={useRecordContext<Ranking>()?.status} />;

/** A county assessment's rankings, one per version (a RETURN or an upheld objection scores again). */
const Rankings = () => (
  <Section title="app.rankings.sections.versions" testId="cycle-rankings">
    <ReferenceManyField reference="rankings" target="cycleId" sort={{ field: 'version', order: 'DESC' }} perPage={50}>
      <DataTable<Ranking> bulkActionButtons={false} rowClick="show" empty={<Typography variant="body2">{'—'}</Typography>}>
        <DataTable.NumberCol source="version" />
        <DataTable.Col source="status" label="resources.rankings.fields.status">
          <RankingStatusField />
        </DataTable.Col>
        <DataTable.Col source="publishedAt" label="resources.rankings.fields.publishedAt">
          <LocalDateTimeField source="publishedAt" emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="createdAt" label="resources.rankings.fields.createdAt">
          <LocalDateTimeField source="createdAt" />
        </DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  </Section>
);

const Body = () => {
  const record = useRecordContext<Cycle>();
  if (!record) return null;
  const running = record.status === 'RUNNING';
  return (
    <Box sx={{ px: 2, pb: 2 }}>
      <Summary />
      {record.type === 'COUNTY_ASSESSMENT' ? (
        <Rankings />
      ) : (
        <Section title="app.exit.sections.counties">
          <CountyTable cycleId={String(record.id)} live={running} />
        </Section>
      )}
      <Section title="app.exit.sections.timeline">
        <Timeline cycleId={String(record.id)} live={running} />
      </Section>
    </Box>
  );
};

/** The cycle record itself: read again while it runs (its stage and status move with the workflow). */
const queryOptions = { refetchInterval: (query: { state: { data?: Cycle } }) => liveInterval(query.state.data?.status === 'RUNNING') };

export const CycleShow = () => (
  <Show actions={<Actions />} title={<CycleTitle />} queryOptions={queryOptions}>
    <FieldGrid>
      <TypeField label="resources.cycles.fields.type" />
      <NumberField source="year" options={{ useGrouping: false }} />
      <ReferenceField source="regionId" reference="regions" link={false}>
        <TextField source="name" />
      </ReferenceField>
      <StageField label="resources.cycles.fields.stage" />
      <CycleStatusField label="resources.cycles.fields.status" />
      <NumberField source="configVersion" />
      <LocalDateTimeField source="createdAt" />
      <LocalDateTimeField source="completedAt" emptyText="—" />
    </FieldGrid>
    <Body />
  </Show>
);
