/**
 * One county ranking: the totals as a chart, then every county with its rank, its score per group,
 * a late submission or missing values, and what the ranking means for it (reward, interview, no
 * excellent rating, accountability). Each county opens to its indicators: the value, where it came
 * from, and the formula that turned it into points — every number traceable to its source.
 */
import { Box, Chip, IconButton, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import { Fragment, lazy, Suspense, useState } from 'react';
import { Link, NumberField, ReferenceField, Show, useGetOne, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { CountyAssessmentConfig } from '../../../rules/county-assessment/config.ts';
import { useEnumLabel } from '../common/enums.tsx';
import { FieldGrid } from '../common/FieldGrid.tsx';
import { LocalDateTimeField } from '../common/fields.tsx';
import { Section } from '../common/Section.tsx';
import { CycleName } from '../cycles/CycleName.tsx';
import { RankingStatusChip } from './RankingList.tsx';
import type { Ranking, StoredEntry } from './types.ts';

const BarFigure = lazy(() => import('../dashboard/BarFigure.tsx'));

const Title = () => {
  const record = useRecordContext<Ranking>();
  const translate = useTranslate();
  return record ? <span>{translate('app.rankings.title', { year: record.year, version: record.version })}</span> : null;
};

/** A box that scrolls sideways on a narrow screen, reachable and named for the keyboard. */
const Scroll = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Box tabIndex={0} role="region" aria-label={label} sx={{ width: '100%', maxWidth: { xs: 'calc(100vw - 56px)', md: 'calc(100vw - 300px)' }, overflowX: 'auto' }}>
    {children}
  </Box>
);

const Consequences = ({ entry }: { entry: StoredEntry }) => {
  const translate = useTranslate();
  const r = entry.result;
  const chips: { key: string; color: 'success' | 'warning' | 'error' | 'default' }[] = [];
  if (r.reward) chips.push({ key: 'reward', color: 'success' });
  if (r.interview) chips.push({ key: 'interview', color: 'warning' });
  if (r.excellenceBlocked) chips.push({ key: 'excellenceBlocked', color: 'default' });
  if (r.accountability) chips.push({ key: 'accountability', color: 'error' });
  if (chips.length === 0) return <Typography variant="body2" color="text.secondary">—</Typography>;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {chips.map((c) => (
        <Chip key={c.key} size="small" color={c.color} label={translate(`app.rankings.results.${c.key}`)} data-testid={`result-${c.key}`} />
      ))}
    </Stack>
  );
};

const Lines = ({ entry, names }: { entry: StoredEntry; names: Map<string, { zh: string; en: string }> }) => {
  const translate = useTranslate();
  const enumLabel = useEnumLabel();
  const [locale] = useLocaleState();
  const lang = locale === 'en' ? 'en' : 'zh';
  return (
    <Box sx={{ py: 1 }} data-testid={`ranking-lines-${entry.regionId}`}>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.rankings.line.indicator')}</TableCell>
            <TableCell>{translate('app.rankings.line.group')}</TableCell>
            <TableCell align="right">{translate('app.rankings.line.value')}</TableCell>
            <TableCell>{translate('app.rankings.line.source')}</TableCell>
            <TableCell align="right">{translate('app.rankings.line.points')}</TableCell>
            <TableCell>{translate('app.rankings.line.formula')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entry.lines.map((l) => (
            <TableRow key={l.code} data-testid={`line-${l.code}`}>
              <TableCell>{names.get(l.code)?.[lang] ?? l.code}</TableCell>
              <TableCell>{translate(`app.rankings.groups.${l.group}`)}</TableCell>
              <TableCell align="right">{l.value ?? '—'}</TableCell>
              <TableCell>
                {l.source ? enumLabel('valueSource', l.source) : '—'}
                {l.sourceRef ? (
                  <Typography variant="caption" display="block" color="text.secondary">
                    {l.sourceRef}
                  </Typography>
                ) : null}
              </TableCell>
              <TableCell align="right">{l.applicable ? `${l.points} / ${l.weight}` : '—'}</TableCell>
              <TableCell>{l.formula[lang]}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="body2" sx={{ mt: 1 }} data-testid={`ranking-total-formula-${entry.regionId}`}>
        {translate('app.rankings.totalFormula')}: {entry.formula[lang]}
      </Typography>
      {entry.result.reasons.map((reason, i) => (
        <Typography key={i} variant="body2" color="text.secondary">
          {reason[lang]}
        </Typography>
      ))}
    </Box>
  );
};

const Entries = () => {
  const record = useRecordContext<Ranking>();
  const translate = useTranslate();
  const [open, setOpen] = useState<string | null>(null);
  const { data: cycle } = useGetOne<{ id: string; config: CountyAssessmentConfig }>('cycles', { id: record?.cycleId ?? '' }, { enabled: Boolean(record?.cycleId) });
  if (!record) return null;
  const entries = Array.isArray(record.entries) ? record.entries : [];
  const names = new Map((cycle?.config?.indicators ?? []).map((i) => [i.code, i.name]));
  const groups = [...new Set(entries.flatMap((e) => e.groups.map((g) => g.group)))];
  const label = translate('app.rankings.sections.entries');
  return (
    <Section title="app.rankings.sections.entries" testId="ranking-entries">
      <Scroll label={label}>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell />
              <TableCell align="right">{translate('app.rankings.columns.rank')}</TableCell>
              <TableCell>{translate('app.rankings.columns.county')}</TableCell>
              <TableCell align="right">{translate('app.rankings.columns.total')}</TableCell>
              {groups.map((g) => (
                <TableCell key={g} align="right">
                  {translate(`app.rankings.groups.${g}`)}
                </TableCell>
              ))}
              <TableCell>{translate('app.rankings.columns.notes')}</TableCell>
              <TableCell>{translate('app.rankings.columns.results')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.map((e) => {
              const expanded = open === e.regionId;
              return (
                <Fragment key={e.regionId}>
                  <TableRow data-testid={`ranking-row-${e.regionId}`}>
                    <TableCell padding="checkbox">
                      <IconButton size="small" aria-expanded={expanded} aria-label={translate(expanded ? 'app.rankings.hideLines' : 'app.rankings.showLines', { county: e.name })} onClick={() => setOpen(expanded ? null : e.regionId)}>
                        {expanded ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
                      </IconButton>
                    </TableCell>
                    <TableCell align="right" data-testid="ranking-rank">
                      {e.rank}
                    </TableCell>
                    <TableCell>
                      <Link to={`/regions/${e.regionId}/show`}>{e.name}</Link>
                    </TableCell>
                    <TableCell align="right" data-testid="ranking-total">
                      {e.total}
                    </TableCell>
                    {groups.map((g) => {
                      const s = e.groups.find((x) => x.group === g);
                      return (
                        <TableCell key={g} align="right">
                          {s ? `${s.points} / ${s.max}` : '—'}
                        </TableCell>
                      );
                    })}
                    <TableCell>
                      {e.late ? <Chip size="small" color="warning" variant="outlined" label={translate('app.rankings.late', { penalty: e.penalty })} sx={{ mr: 0.5 }} /> : null}
                      {e.missing.length ? <Chip size="small" variant="outlined" label={translate('app.rankings.missing', { smart_count: e.missing.length })} /> : null}
                    </TableCell>
                    <TableCell>
                      <Consequences entry={e} />
                    </TableCell>
                  </TableRow>
                  {expanded ? (
                    <TableRow>
                      <TableCell colSpan={6 + groups.length}>
                        <Lines entry={e} names={names} />
                      </TableCell>
                    </TableRow>
                  ) : null}
                </Fragment>
              );
            })}
          </TableBody>
        </Table>
      </Scroll>
    </Section>
  );
};

const Chart = () => {
  const record = useRecordContext<Ranking>();
  const translate = useTranslate();
  const entries = Array.isArray(record?.entries) ? record.entries : [];
  if (entries.length === 0) return null;
  const title = translate('app.rankings.sections.chart');
  return (
    <Section title="app.rankings.sections.chart">
      <Suspense fallback={<Typography variant="body2">{translate('ra.page.loading')}</Typography>}>
        <BarFigure horizontal testId="ranking-chart" title={title} categories={entries.map((e) => `${e.rank}. ${e.name}`)} series={[{ label: translate('app.rankings.columns.total'), data: entries.map((e) => e.total), color: '#1565c0' }]} />
      </Suspense>
    </Section>
  );
};

const StatusField = (_props: { label?: string }) => <RankingStatusChip value={useRecordContext<Ranking>()?.status} />;


export const RankingShow = () => (
  <Show title={<Title />}>
    <FieldGrid>
      <NumberField source="year" options={{ useGrouping: false }} />
      <NumberField source="version" />
      <StatusField label="resources.rankings.fields.status" />
      <ReferenceField source="cycleId" reference="cycles" link="show">
        <CycleName />
      </ReferenceField>
      <LocalDateTimeField source="publishedAt" emptyText="—" />
      <LocalDateTimeField source="createdAt" />
    </FieldGrid>
    <Box sx={{ px: 2, pb: 2 }}>
      <Chart />
      <Entries />
    </Box>
  </Show>
);
