/**
 * The third-party sample of a county (第三方评估抽样) with each entry's finding and dispute:
 * `GET /api/sample-entries?filter={"cycleId","countyId","kind","hasFinding","disputeStatus"}`.
 * Per row, what the user may do in the county's current stage: the evaluator enters the finding
 * (SURVEY), the county operator disputes it (DISPUTE), the province decides the dispute
 * (DISPUTE_REVIEW). The evaluator imports findings by CSV for the filtered county and cycle.
 */
import { Chip, Stack, Typography } from '@mui/material';
import { DataTable, List, SelectInput, useGetList, useRecordContext, useTranslate, type SelectInputProps } from 'react-admin';
import { RegionInput } from '../common/RegionInput.tsx';
import { DISPUTE_STATUSES, SAMPLE_KINDS, type SampleEntry } from './api.ts';
import { CsvImportButton } from './CsvImportButton.tsx';
import { DisputeButton, DisputeDecisionButton } from './DisputeButtons.tsx';
import { FindingButton } from './FindingButton.tsx';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';
import { ExportActions } from '../common/ExportButton.tsx';

/** The exit-verification cycles, newest first, to pick one. */
const CycleInput = (props: Omit<SelectInputProps, 'choices'>) => {
  const { data } = useGetList<{ id: string; year: number; regionId: string; status: string }>('cycles', {
    filter: { type: 'EXIT_VERIFICATION' },
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'year', order: 'DESC' },
  });
  const choices = (data ?? []).map((c) => ({ id: c.id, name: `${c.year} · ${c.regionId}` }));
  return <SelectInput {...props} choices={choices} translateChoice={false} />;
};

const kindChoices = SAMPLE_KINDS.map((k) => ({ id: k, name: `app.samples.kind.${k}` }));
const findingChoices = [
  { id: true, name: 'app.samples.hasFinding.true' },
  { id: false, name: 'app.samples.hasFinding.false' },
];
const disputeChoices = [...DISPUTE_STATUSES, 'NONE'].map((s) => ({ id: s, name: `app.samples.disputeStatus.${s}` }));

const filters = [
  <CycleInput key="cycleId" source="cycleId" label="app.samples.fields.cycleId" alwaysOn />,
  <RegionInput key="countyId" source="countyId" label="app.samples.fields.countyId" alwaysOn />,
  <SelectInput key="kind" source="kind" label="app.samples.fields.kind" choices={kindChoices} alwaysOn />,
  <SelectInput key="hasFinding" source="hasFinding" label="app.samples.fields.hasFinding" choices={findingChoices} alwaysOn />,
  <SelectInput key="disputeStatus" source="disputeStatus" label="app.samples.fields.disputeStatus" choices={disputeChoices} alwaysOn />,
];

const Actions = () => (
  <ExportActions resource="sample-entries">
    <CsvImportButton />
  </ExportActions>
);

const KindField = () => {
  const record = useRecordContext<SampleEntry>();
  const translate = useTranslate();
  if (!record) return null;
  return <Chip size="small" variant="outlined" color={record.kind === 'IN_REGISTER' ? 'primary' : 'secondary'} label={translate(`app.samples.kind.${record.kind}`)} />;
};

/** The household (code and head) inside the register; the village's n-th visit outside it. */
const SubjectField = () => {
  const record = useRecordContext<SampleEntry>();
  const translate = useTranslate();
  if (!record) return null;
  if (record.kind === 'IN_REGISTER') {
    return (
      <Typography variant="body2">
        {record.headName}（{record.householdCode}）
      </Typography>
    );
  }
  return (
    <Typography variant="body2">
      {translate('app.samples.slot', { village: record.villageName ?? record.villageId, slot: record.slot ?? '' })}
      {record.visitedName ? ` · ${record.visitedName}` : ''}
    </Typography>
  );
};

/** The verdict: meets the standard or which criteria fail; missed and its people; nothing yet. */
const FindingField = () => {
  const record = useRecordContext<SampleEntry>();
  const translate = useTranslate();
  if (!record) return null;
  if (!record.hasFinding) return <Typography variant="body2" color="text.secondary">{translate('app.samples.noFinding')}</Typography>;
  const reversed = record.disputeStatus === 'UPHELD';
  if (record.kind === 'IN_REGISTER') {
    if (record.meetsStandard) return <Chip size="small" color="success" variant="outlined" label={translate('app.samples.verdict.meets')} />;
    const criteria = record.failedCriteria.map((c) => translate(`app.samples.criterion.${c}`, { _: c })).join(translate('app.common.listSeparator'));
    return (
      <Stack direction="row" spacing={0.5} alignItems="center">
        <Chip size="small" color={reversed ? 'default' : 'error'} variant="outlined" label={translate('app.samples.verdict.fails')} />
        <Typography variant="body2" sx={reversed ? { textDecoration: 'line-through' } : undefined}>
          {criteria}
        </Typography>
      </Stack>
    );
  }
  if (!record.missed) return <Chip size="small" color="success" variant="outlined" label={translate('app.samples.verdict.notMissed')} />;
  return <Chip size="small" color={reversed ? 'default' : 'error'} variant="outlined" label={translate('app.samples.verdict.missed', { smart_count: record.missedPeople ?? 0 })} />;
};

const AnswerField = ({ source }: { source: 'approves' | 'acknowledges' }) => {
  const record = useRecordContext<SampleEntry>();
  const translate = useTranslate();
  const value = record?.[source];
  if (value === null || value === undefined) return null;
  return <Typography variant="body2">{translate(value ? 'app.samples.answer.yes' : 'app.samples.answer.no')}</Typography>;
};

const SourceField = () => {
  const record = useRecordContext<SampleEntry>();
  const translate = useTranslate();
  if (!record?.findingSource) return null;
  const csv = record.findingSource.startsWith('CSV:');
  return (
    <Typography variant="body2" title={record.foundAt ?? undefined}>
      {csv ? translate('app.samples.source.csv', { file: record.findingSource.slice(4) }) : translate('app.samples.source.console')}
    </Typography>
  );
};

const DisputeField = () => {
  const record = useRecordContext<SampleEntry>();
  const translate = useTranslate();
  if (!record?.disputeStatus) return null;
  const color = record.disputeStatus === 'OPEN' ? 'info' : record.disputeStatus === 'UPHELD' ? 'warning' : 'default';
  return (
    <Chip
      size="small"
      color={color}
      label={translate(`app.samples.disputeStatus.${record.disputeStatus}`)}
      title={[record.disputeReason, record.disputeComment].filter(Boolean).join(' — ')}
    />
  );
};

const RowActions = () => (
  <Stack direction="row" spacing={0.5}>
    <FindingButton />
    <DisputeButton />
    <DisputeDecisionButton />
  </Stack>
);

export const SampleEntryList = () => (
  <List exporter={false} error={<ListRefused />} pagination={<TruthfulPagination />} filters={filters} actions={<Actions />} sort={{ field: 'ordinal', order: 'ASC' }} perPage={50}>
    <DataTable<SampleEntry> bulkActionButtons={false} rowClick={false}>
      <DataTable.NumberCol source="ordinal" label="app.samples.fields.ordinal" />
      <DataTable.Col source="kind" label="app.samples.fields.kind">
        <KindField />
      </DataTable.Col>
      <DataTable.Col source="villageName" label="app.samples.fields.villageName" disableSort />
      <DataTable.Col source="householdCode" label="app.samples.fields.subject" disableSort>
        <SubjectField />
      </DataTable.Col>
      <DataTable.Col source="meetsStandard" label="app.samples.fields.finding" disableSort>
        <FindingField />
      </DataTable.Col>
      <DataTable.Col source="acknowledges" label="app.samples.fields.acknowledges" disableSort>
        <AnswerField source="acknowledges" />
      </DataTable.Col>
      <DataTable.Col source="approves" label="app.samples.fields.approves" disableSort>
        <AnswerField source="approves" />
      </DataTable.Col>
      <DataTable.Col source="findingSource" label="app.samples.fields.findingSource" disableSort>
        <SourceField />
      </DataTable.Col>
      <DataTable.Col source="disputeStatus" label="app.samples.fields.disputeStatus">
        <DisputeField />
      </DataTable.Col>
      <DataTable.Col label="app.samples.fields.actions" disableSort>
        <RowActions />
      </DataTable.Col>
    </DataTable>
  </List>
);
