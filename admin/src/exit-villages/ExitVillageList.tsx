/**
 * Villages in exit-verification cycles, inside the user's scope: the work team's way in (its own
 * village), and everyone's list of villages by stage. `GET /api/exit-villages`.
 */
import { Stack } from '@mui/material';
import { DataTable, List, ReferenceInput, SelectInput, useRecordContext, useTranslate } from 'react-admin';
import type { ExitVillage } from '../cycles/types.ts';
import { EmptyState, ExitChip, ProgressBar, TaskLevels } from '../cycles/widgets.tsx';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';
import { ExportActions } from '../common/ExportButton.tsx';

const STAGES = ['ASSESSING', 'APPRAISAL', 'TOWNSHIP_CHECK', 'NOTICE', 'ANNOUNCED', 'VILLAGE_PROPOSAL', 'VILLAGE_NOTICE', 'COUNTY_REVIEW', 'DONE', 'CANCELLED'] as const;

const filters = [
  <ReferenceInput key="cycleId" source="cycleId" reference="cycles" alwaysOn filter={{ type: 'EXIT_VERIFICATION' }} sort={{ field: 'year', order: 'DESC' }}>
    <SelectInput optionText={(c: { year: number }) => String(c.year)} label="resources.exit-villages.fields.cycleId" />
  </ReferenceInput>,
  <SelectInput key="stage" source="stage" alwaysOn choices={STAGES.map((s) => ({ id: s, name: `app.exit.stage.${s}` }))} />,
];

const VillageField = (_props: { label?: string }) => {
  const v = useRecordContext<ExitVillage>();
  return v ? <span>{`${v.villageName ?? v.villageId} · ${v.townshipName ?? ''}`}</span> : null;
};
const StageField = (_props: { label?: string }) => {
  const v = useRecordContext<ExitVillage>();
  return v ? <ExitChip group="stage" value={v.stage} /> : null;
};
const ProgressField = (_props: { label?: string }) => {
  const v = useRecordContext<ExitVillage>();
  const translate = useTranslate();
  if (!v) return null;
  return (
    <Stack spacing={0.5}>
      <ProgressBar done={v.acknowledged} total={v.candidates} label={translate('app.exit.progress.acknowledged')} />
      <ProgressBar done={v.exited} total={v.candidates} label={translate('app.exit.progress.households')} />
    </Stack>
  );
};
const TasksField = (_props: { label?: string }) => {
  const v = useRecordContext<ExitVillage>();
  return v ? <TaskLevels open={v.openTasks} overdue={v.overdueTasks} /> : null;
};

export const ExitVillageList = () => (
  <List exporter={false} actions={<ExportActions resource="exit-villages" />} error={<ListRefused />} pagination={<TruthfulPagination />} filters={filters} sort={{ field: 'villageId', order: 'ASC' }} perPage={25} empty={<EmptyState testId="exit-villages-empty" message="app.exit.empty.myVillages" />}>
    <DataTable<ExitVillage> bulkActionButtons={false} rowClick="show" sx={{ '& td': { verticalAlign: 'top' } }}>
      <DataTable.Col source="villageId">
        <VillageField />
      </DataTable.Col>
      <DataTable.Col source="stage">
        <StageField />
      </DataTable.Col>
      <DataTable.Col source="candidates">
        <ProgressField />
      </DataTable.Col>
      <DataTable.Col source="openTasks" disableSort>
        <TasksField />
      </DataTable.Col>
    </DataTable>
  </List>
);
