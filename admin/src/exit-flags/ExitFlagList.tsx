/**
 * Fake-exit flags (假脱贫 / 数字脱贫): exit claims contradicted by the data or by a sampled
 * finding, with the message in the user's language and the evidence one click away.
 */
import { Box } from '@mui/material';
import { DataTable, List, SelectInput, Show, SimpleShowLayout, TextField, TextInput, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { LocalDateTimeField } from '../common/fields.tsx';
import { JsonView } from '../common/JsonView.tsx';
import { RegionInput } from '../common/RegionInput.tsx';
import { FAKE_EXIT_KINDS, type ExitFlag } from './types.ts';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';
import { ExportActions } from '../common/ExportButton.tsx';

const KindField = (_props: { label?: string }) => {
  const record = useRecordContext<ExitFlag>();
  const translate = useTranslate();
  return record ? <span>{translate(`app.exitFlags.kinds.${record.kind}`)}</span> : null;
};

const MessageField = (_props: { label?: string }) => {
  const record = useRecordContext<ExitFlag>();
  const [locale] = useLocaleState();
  return record ? <span>{locale === 'en' ? record.messageEn : record.messageZh}</span> : null;
};

const EvidenceField = (_props: { label?: string }) => {
  const record = useRecordContext<ExitFlag>();
  return record ? (
    <Box data-testid="exit-flag-evidence">
      <JsonView value={record.evidence as never} />
    </Box>
  ) : null;
};

const Evidence = () => <EvidenceField />;

export const ExitFlagList = () => {
  const translate = useTranslate();
  const filters = [
    <RegionInput key="countyId" source="countyId" alwaysOn />,
    <SelectInput key="kind" source="kind" alwaysOn choices={FAKE_EXIT_KINDS.map((k) => ({ id: k, name: translate(`app.exitFlags.kinds.${k}`) }))} />,
    <TextInput key="cycleId" source="cycleId" />,
  ];
  return (
    <List exporter={false} actions={<ExportActions resource="exit-flags" />} error={<ListRefused />} pagination={<TruthfulPagination />} filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
      <DataTable<ExitFlag> bulkActionButtons={false} rowClick="show" expand={<Evidence />}>
        <DataTable.Col source="countyName" disableSort />
        <DataTable.Col source="villageName" disableSort />
        <DataTable.Col source="householdCode" disableSort />
        <DataTable.Col source="headName" disableSort />
        <DataTable.Col source="kind">
          <KindField />
        </DataTable.Col>
        <DataTable.Col source="messageZh" disableSort>
          <MessageField />
        </DataTable.Col>
        <DataTable.NumberCol source="cycleYear" disableSort options={{ useGrouping: false }} />
        <DataTable.Col source="createdAt">
          <LocalDateTimeField source="createdAt" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

export const ExitFlagShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="countyName" />
      <TextField source="villageName" />
      <TextField source="householdCode" />
      <TextField source="headName" />
      <KindField label="resources.exit-flags.fields.kind" />
      <MessageField label="resources.exit-flags.fields.messageZh" />
      <TextField source="cycleId" />
      <LocalDateTimeField source="createdAt" />
      <EvidenceField label="resources.exit-flags.fields.evidence" />
    </SimpleShowLayout>
  </Show>
);
