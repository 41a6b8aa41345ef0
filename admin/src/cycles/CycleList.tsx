/**
 * Annual cycles (年度核查): type, year, region, stage, status, progress (households exited of the
 * candidates, counties done) and open tasks per level. `GET /api/cycles` for the rows, one
 * `GET /api/exit-progress` for the bars of the page.
 */
import { Stack, Typography } from '@mui/material';
import {
  CreateButton,
  DataTable,
  List,
  NumberInput,
  ReferenceField,
  SelectInput,
  TextField,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { enumChoices } from '../common/enums.tsx';
import { ExportActions } from '../common/ExportButton.tsx';
import { PROCESS_STATUSES } from '../types.ts';
import type { Cycle } from './types.ts';
import { CycleProgressProvider, useCycleProgress } from './useCycleProgress.tsx';
import { EmptyState, ExitChip, ProgressBar, StatusChip, TaskLevels } from './widgets.tsx';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';

const cycleFilters = [
  <SelectInput
    key="type"
    source="type"
    alwaysOn
    choices={[
      { id: 'EXIT_VERIFICATION', name: 'processes.EXIT_VERIFICATION' },
      { id: 'COUNTY_ASSESSMENT', name: 'processes.COUNTY_ASSESSMENT' },
    ]}
  />,
  <NumberInput key="year" source="year" alwaysOn min={2013} max={2100} step={1} sx={{ width: 120 }} />,
  <SelectInput key="status" source="status" alwaysOn choices={enumChoices('processStatus', PROCESS_STATUSES)} />,
];

const TypeField = (_props: { label?: string }) => {
  const record = useRecordContext<Cycle>();
  const translate = useTranslate();
  return record ? <Typography variant="body2">{translate(`processes.${record.type}`, { _: record.type })}</Typography> : null;
};

const StageField = (_props: { label?: string }) => {
  const record = useRecordContext<Cycle>();
  return record ? <ExitChip group="stage" value={record.stage} /> : null;
};

export const CycleStatusField = (_props: { label?: string }) => {
  const record = useRecordContext<Cycle>();
  return record ? <StatusChip value={record.status} /> : null;
};

const ProgressField = (_props: { label?: string }) => {
  const record = useRecordContext<Cycle>();
  const translate = useTranslate();
  const progress = useCycleProgress(record?.id);
  if (!record || !progress) return null;
  return (
    <Stack spacing={0.5} data-testid="cycle-progress">
      <ProgressBar done={progress.exited} total={progress.candidates} label={translate('app.exit.progress.households')} testId="cycle-progress-households" />
      <ProgressBar done={progress.countiesDone} total={progress.counties} label={translate('app.exit.progress.counties')} testId="cycle-progress-counties" />
    </Stack>
  );
};

const OpenTasksField = (_props: { label?: string }) => {
  const record = useRecordContext<Cycle>();
  const progress = useCycleProgress(record?.id);
  if (!record) return null;
  return <TaskLevels open={progress?.openTasks ?? record.openTasks} overdue={progress?.overdueTasks} />;
};

const CycleListActions = () => {
  const { canAccess } = useCanAccess({ resource: 'cycles', action: 'create' });
  return <ExportActions resource="cycles">{canAccess ? <CreateButton label="app.exit.launch.button" data-testid="cycle-launch-button" /> : null}</ExportActions>;
};

const NoCycles = () => {
  const { canAccess } = useCanAccess({ resource: 'cycles', action: 'create' });
  return (
    <EmptyState
      testId="cycles-empty"
      message={canAccess ? 'app.exit.empty.cyclesOffice' : 'app.exit.empty.cycles'}
      action={canAccess ? <CreateButton variant="contained" label="app.exit.launch.button" /> : undefined}
    />
  );
};

export const CycleList = () => (
  <List exporter={false} error={<ListRefused />} pagination={<TruthfulPagination />} filters={cycleFilters} sort={{ field: 'year', order: 'DESC' }} perPage={25} actions={<CycleListActions />} empty={<NoCycles />}>
    <CycleProgressProvider>
      <DataTable<Cycle> bulkActionButtons={false} rowClick="show" sx={{ '& td': { verticalAlign: 'top' } }}>
        <DataTable.Col source="type">
          <TypeField />
        </DataTable.Col>
        <DataTable.Col source="year" />
        <DataTable.Col source="regionId" disableSort>
          <ReferenceField source="regionId" reference="regions" link={false}>
            <TextField source="name" />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="stage" disableSort>
          <StageField />
        </DataTable.Col>
        <DataTable.Col source="status">
          <CycleStatusField />
        </DataTable.Col>
        <DataTable.Col source="progress" disableSort>
          <ProgressField />
        </DataTable.Col>
        <DataTable.Col source="openTasks" disableSort>
          <OpenTasksField />
        </DataTable.Col>
      </DataTable>
    </CycleProgressProvider>
  </List>
);
