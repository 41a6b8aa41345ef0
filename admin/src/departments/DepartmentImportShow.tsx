/** One imported department file and its facts (`GET /api/department-facts?filter={"importId"}`), row by row. */
import { DataTable, NumberField, Pagination, ReferenceManyField, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from 'react-admin';
import { LocalDateTimeField, YesNoField } from '../common/fields.tsx';
import type { DepartmentFact, DepartmentImport } from './types.ts';

const DepartmentName = (_props: { label?: string }) => {
  const record = useRecordContext<DepartmentImport>();
  const translate = useTranslate();
  return record ? <span>{translate(`app.departments.names.${record.department}`)}</span> : null;
};

export const DepartmentImportShow = () => (
  <Show>
    <SimpleShowLayout>
      <DepartmentName label="resources.department-imports.fields.department" />
      <NumberField source="year" options={{ useGrouping: false }} />
      <TextField source="fileName" />
      <NumberField source="rows" />
      <TextField source="importedByName" />
      <LocalDateTimeField source="importedAt" />
      <ReferenceManyField<DepartmentImport, DepartmentFact> reference="department-facts" target="importId" label="app.departments.facts" perPage={50} sort={{ field: 'row', order: 'ASC' }} pagination={<Pagination />}>
        <DataTable<DepartmentFact> bulkActionButtons={false}>
          <DataTable.NumberCol source="row" label="resources.department-facts.fields.row" />
          <DataTable.Col source="householdCode" label="resources.department-facts.fields.householdCode" />
          <DataTable.Col source="criterion" label="resources.department-facts.fields.criterion" />
          <DataTable.Col source="value" label="resources.department-facts.fields.value">
            <YesNoField source="value" />
          </DataTable.Col>
          <DataTable.Col source="note" label="resources.department-facts.fields.note" disableSort />
        </DataTable>
      </ReferenceManyField>
    </SimpleShowLayout>
  </Show>
);
