import type { MouseEvent } from 'react';
import { Box } from '@mui/material';
import { DataTable, Show, TextField, TopToolbar, LinkBase, useRecordContext, useTranslate } from 'react-admin';
import { OpenCaseButton } from './OpenCaseButton.tsx';
import { emptyRows } from '../common/EmptyRows.tsx';
import { RowsField } from '../common/RowsField.tsx';
import { EnumField } from '../common/enums.tsx';
import { FieldGrid } from '../common/FieldGrid.tsx';
import { LocalDateTimeField, YesNoField } from '../common/fields.tsx';
import { Section } from '../common/Section.tsx';
import type { CadreAssignment } from '../types.ts';

const HouseholdLink = () => {
  const record = useRecordContext<CadreAssignment & { id?: string }>();
  if (!record?.householdId) return null;
  return (
    <LinkBase to={`/households/${encodeURIComponent(record.householdId)}/show`} onClick={(e: MouseEvent) => e.stopPropagation()}>
      {record.householdId}
    </LinkBase>
  );
};

const VillageLink = () => {
  const record = useRecordContext<CadreAssignment & { id?: string }>();
  if (!record?.villageId) return null;
  return (
    <LinkBase to={`/regions/${encodeURIComponent(record.villageId)}/show`} onClick={(e: MouseEvent) => e.stopPropagation()}>
      {record.villageName ?? record.villageId}
    </LinkBase>
  );
};

/** A case's stage and outcome in words (e.g. 整改验收, 已召回). */
const CaseWords = ({ source }: { source: 'stage' | 'outcome'; label?: string }) => {
  const record = useRecordContext<{ stage?: string; outcome?: string | null }>();
  const translate = useTranslate();
  const value = record?.[source];
  if (!value) return <span>—</span>;
  // an accountability outcome carries its sanction: SANCTIONED:ADMONITION
  const [head, sanction] = value.split(':');
  const words = translate(`app.case.${source}s.${head}`, { _: head });
  return <span>{sanction ? `${words}（${translate(`app.case.sanctions.${sanction}`, { _: sanction })}）` : words}</span>;
};

/** The case's tasks in the inbox (open and decided). */
const CaseTasks = (_props: { label?: string }) => {
  const record = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  if (!record) return null;
  const to = `/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId: record.id, all: true }))}`;
  return (
    <LinkBase to={to} onClick={(e: MouseEvent) => e.stopPropagation()}>
      {translate('app.case.tasks')}
    </LinkBase>
  );
};

export const CadreShow = () => (
  <Show actions={<TopToolbar><OpenCaseButton /></TopToolbar>}>
    <FieldGrid>
      <TextField source="code" />
      <TextField source="name" />
      <EnumField source="gender" group="gender" label="resources.cadres.fields.gender" />
      <EnumField source="position" group="cadrePosition" label="resources.cadres.fields.position" />
      <TextField source="unit" emptyText="—" />
      <TextField source="regionName" emptyText="—" />
      <YesNoField source="active" label="resources.cadres.fields.active" />
    </FieldGrid>
    <Box sx={{ px: 2, pb: 2 }}>
      <Section title="resources.cadres.fields.assignments" testId="cadre-assignments">
        <RowsField source="assignments">
          <DataTable bulkActionButtons={false} rowClick={false} storeKey="cadres.assignments" empty={emptyRows}>
            <DataTable.Col source="kind" label="app.assignment.kind" disableSort>
              <EnumField source="kind" group="assignmentKind" />
            </DataTable.Col>
            <DataTable.Col source="villageName" label="app.assignment.village" disableSort>
              <VillageLink />
            </DataTable.Col>
            <DataTable.Col source="householdId" label="app.assignment.household" disableSort>
              <HouseholdLink />
            </DataTable.Col>
            <DataTable.Col source="startYear" label="app.assignment.startYear" disableSort />
            <DataTable.Col source="endYear" label="app.assignment.endYear" disableSort />
          </DataTable>
        </RowsField>
      </Section>
      <Section title="resources.cadres.fields.cases" testId="cadre-cases">
        <RowsField source="cases">
          <DataTable bulkActionButtons={false} rowClick={false} storeKey="cadres.cases" empty={emptyRows}>
            <DataTable.Col source="kind" label="app.case.kind" disableSort>
              <EnumField source="kind" group="caseKind" />
            </DataTable.Col>
            <DataTable.Col source="status" label="app.case.status" disableSort>
              <EnumField source="status" group="processStatus" chip />
            </DataTable.Col>
            <DataTable.Col source="stage" label="app.case.stage" disableSort>
              <CaseWords source="stage" />
            </DataTable.Col>
            <DataTable.Col source="outcome" label="app.case.outcome" disableSort>
              <CaseWords source="outcome" />
            </DataTable.Col>
            <DataTable.Col source="reason" label="app.case.reason" disableSort />
            <DataTable.Col source="openedAt" label="app.case.openedAt" disableSort>
              <LocalDateTimeField source="openedAt" />
            </DataTable.Col>
            <DataTable.Col source="id" label="app.case.tasks" disableSort>
              <CaseTasks />
            </DataTable.Col>
          </DataTable>
        </RowsField>
      </Section>
    </Box>
  </Show>
);
