/**
 * County rankings (贫困县扶贫开发工作成效考核排名): every version of every cycle's ranking, newest
 * year first. A leader reads only published ones (the API's rule); the office also sees drafts and
 * rankings under notice.
 */
import { Chip } from '@mui/material';
import { DataTable, List, NumberInput, SelectInput, useRecordContext, useTranslate } from 'react-admin';
import { LocalDateTimeField } from '../common/fields.tsx';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';
import { RANKING_STATUSES, type Ranking } from './types.ts';

/** Draft, under notice or published: in words and colour. */
export const RankingStatusChip = ({ value }: { value: Ranking['status'] | undefined; label?: string }) => {
  const translate = useTranslate();
  if (!value) return null;
  const color = value === 'PUBLISHED' ? 'success' : value === 'NOTICE' ? 'warning' : 'default';
  return <Chip size="small" variant="outlined" color={color} label={translate(`app.rankings.status.${value}`)} data-testid="ranking-status" data-value={value} />;
};

const StatusField = (_props: { label?: string }) => <RankingStatusChip value={useRecordContext<Ranking>()?.status} />;

const CountiesField = (_props: { label?: string }) => {
  const record = useRecordContext<Ranking>();
  return record ? <span>{Array.isArray(record.entries) ? record.entries.length : 0}</span> : null;
};

/** The first-ranked county and its total. */
const LeaderField = (_props: { label?: string }) => {
  const record = useRecordContext<Ranking>();
  const first = Array.isArray(record?.entries) ? record.entries[0] : undefined;
  return first ? <span>{`${first.name} · ${first.total}`}</span> : null;
};

export const RankingList = () => {
  const translate = useTranslate();
  const filters = [
    <NumberInput key="year" source="year" alwaysOn />,
    <SelectInput key="status" source="status" alwaysOn choices={RANKING_STATUSES.map((s) => ({ id: s, name: translate(`app.rankings.status.${s}`) }))} />,
  ];
  return (
    <List exporter={false} error={<ListRefused />} pagination={<TruthfulPagination />} filters={filters} sort={{ field: 'year', order: 'DESC' }} perPage={25}>
      <DataTable<Ranking> bulkActionButtons={false} rowClick="show">
        <DataTable.NumberCol source="year" options={{ useGrouping: false }} />
        <DataTable.NumberCol source="version" />
        <DataTable.Col source="status">
          <StatusField />
        </DataTable.Col>
        <DataTable.Col source="entries" label="resources.rankings.fields.counties" disableSort>
          <CountiesField />
        </DataTable.Col>
        <DataTable.Col source="first" label="resources.rankings.fields.first" disableSort>
          <LeaderField />
        </DataTable.Col>
        <DataTable.Col source="publishedAt">
          <LocalDateTimeField source="publishedAt" emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="createdAt">
          <LocalDateTimeField source="createdAt" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
