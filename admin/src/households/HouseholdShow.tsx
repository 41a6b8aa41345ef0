import { Box } from '@mui/material';
import {
  DataTable,
  NumberField,
  Show,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { emptyRows } from '../common/EmptyRows.tsx';
import { RowsField } from '../common/RowsField.tsx';
import { EnumField } from '../common/enums.tsx';
import { FieldGrid } from '../common/FieldGrid.tsx';
import { GuaranteeField, HouseholdStatusField, LocalDateField, LocalDateTimeField, YesNoField, YuanField } from '../common/fields.tsx';
import { Section } from '../common/Section.tsx';
import type { Household } from '../types.ts';
import { PendingRequest } from './PendingRequest.tsx';
import { ReturnToPovertyButton } from './ReturnToPovertyButton.tsx';

const HouseholdActions = () => (
  <TopToolbar>
    <ReturnToPovertyButton />
  </TopToolbar>
);

/** `members[]`: name, relation, gender, birthYear, canWork, inSchool, disabled. */
const Members = () => (
  <Section title="resources.households.fields.members" testId="household-members">
    <RowsField source="members">
      <DataTable bulkActionButtons={false} rowClick={false} storeKey="households.members" empty={emptyRows}>
        <DataTable.Col source="name" label="app.member.name" disableSort />
        <DataTable.Col source="relation" label="app.member.relation" disableSort>
          <EnumField source="relation" group="relation" />
        </DataTable.Col>
        <DataTable.Col source="gender" label="app.member.gender" disableSort>
          <EnumField source="gender" group="gender" />
        </DataTable.Col>
        <DataTable.Col source="birthYear" label="app.member.birthYear" disableSort />
        <DataTable.Col source="canWork" label="app.member.canWork" disableSort>
          <YesNoField source="canWork" />
        </DataTable.Col>
        <DataTable.Col source="inSchool" label="app.member.inSchool" disableSort>
          <YesNoField source="inSchool" />
        </DataTable.Col>
        <DataTable.Col source="disabled" label="app.member.disabled" disableSort>
          <YesNoField source="disabled" />
        </DataTable.Col>
      </DataTable>
    </RowsField>
  </Section>
);

/** `records[]`: the yearly income and the guarantees (两不愁三保障 + drinking water). */
const Records = () => (
  <Section title="resources.households.fields.records" testId="household-records">
    <RowsField source="records">
      <DataTable bulkActionButtons={false} rowClick={false} storeKey="households.records" empty={emptyRows}>
        <DataTable.Col source="year" label="app.record.year" disableSort />
        <DataTable.Col source="incomePerCapita" label="app.record.incomePerCapita" disableSort>
          <YuanField source="incomePerCapita" />
        </DataTable.Col>
        <DataTable.Col source="foodSecure" label="app.record.foodSecure" disableSort>
          <GuaranteeField source="foodSecure" />
        </DataTable.Col>
        <DataTable.Col source="clothingSecure" label="app.record.clothingSecure" disableSort>
          <GuaranteeField source="clothingSecure" />
        </DataTable.Col>
        <DataTable.Col source="educationSecured" label="app.record.educationSecured" disableSort>
          <GuaranteeField source="educationSecured" />
        </DataTable.Col>
        <DataTable.Col source="medicalSecured" label="app.record.medicalSecured" disableSort>
          <GuaranteeField source="medicalSecured" />
        </DataTable.Col>
        <DataTable.Col source="housingSafe" label="app.record.housingSafe" disableSort>
          <GuaranteeField source="housingSafe" />
        </DataTable.Col>
        <DataTable.Col source="drinkingWaterSafe" label="app.record.drinkingWaterSafe" disableSort>
          <GuaranteeField source="drinkingWaterSafe" />
        </DataTable.Col>
        <DataTable.Col source="rigidSpending" label="app.record.rigidSpending" disableSort>
          <YuanField source="rigidSpending" />
        </DataTable.Col>
        <DataTable.Col source="source" label="app.record.source" disableSort>
          <EnumField source="source" group="valueSource" />
        </DataTable.Col>
      </DataTable>
    </RowsField>
  </Section>
);

/** `ledger[]`: every entry into and exit from the register (扶贫台账). */
const Ledger = () => (
  <Section title="resources.households.fields.ledger" testId="household-ledger">
    <RowsField source="ledger">
      <DataTable bulkActionButtons={false} rowClick={false} storeKey="households.ledger" empty={emptyRows}>
        <DataTable.Col source="kind" label="app.ledger.kind" disableSort>
          <EnumField source="kind" group="ledgerKind" chip />
        </DataTable.Col>
        <DataTable.Col source="year" label="app.ledger.year" disableSort />
        <DataTable.Col source="at" label="app.ledger.at" disableSort>
          <LocalDateTimeField source="at" />
        </DataTable.Col>
        <DataTable.Col source="reason" label="app.ledger.reason" disableSort />
        <DataTable.Col source="workflowId" label="app.ledger.workflowId" disableSort />
      </DataTable>
    </RowsField>
  </Section>
);

/** `returnRequests[]`: the return-to-poverty requests of this household. */
const ReturnRequests = () => (
  <Section title="resources.households.fields.returnRequests" testId="household-return-requests">
    <RowsField source="returnRequests">
      <DataTable bulkActionButtons={false} rowClick={false} storeKey="households.returnRequests" empty={emptyRows}>
        <DataTable.Col source="status" label="resources.return-requests.fields.status" disableSort>
          <EnumField source="status" group="requestStatus" chip />
        </DataTable.Col>
        <DataTable.Col source="reason" label="resources.return-requests.fields.reason" disableSort />
        <DataTable.Col source="createdAt" label="resources.return-requests.fields.createdAt" disableSort>
          <LocalDateTimeField source="createdAt" />
        </DataTable.Col>
        <DataTable.Col source="workflowId" label="resources.return-requests.fields.workflowId" disableSort />
      </DataTable>
    </RowsField>
  </Section>
);

const HouseholdDetails = () => {
  const record = useRecordContext<Household>();
  if (!record) return null;
  return (
    <Box sx={{ px: 2, pb: 2 }}>
      <Members />
      <Records />
      <Ledger />
      <ReturnRequests />
    </Box>
  );
};

export const HouseholdShow = () => (
  <Show actions={<HouseholdActions />}>
    <FieldGrid>
      <TextField source="code" />
      <TextField source="headName" />
      <HouseholdStatusField label="resources.households.fields.status" />
      <NumberField source="size" />
      <EnumField source="povertyCause" group="povertyCause" label="resources.households.fields.povertyCause" />
      <NumberField source="registeredYear" options={{ useGrouping: false }} />
      <NumberField source="exitedYear" options={{ useGrouping: false }} emptyText="—" />
      <LocalDateField source="benefitsUntil" emptyText="—" />
      <TextField source="villageName" emptyText="—" />
    </FieldGrid>
    <PendingRequest />
    <HouseholdDetails />
  </Show>
);
