/**
 * The ledger (台账) page: a region inside the user's scope, a year and a level; the table of
 * registered, poor, exited, returned and flagged households per region with a total; a click on a
 * row opens the level below; CSV and XLSX downloads stream with progress.
 */
import { useMemo, useState } from 'react';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import ListAltIcon from '@mui/icons-material/ListAlt';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControl,
  InputLabel,
  LinearProgress,
  MenuItem,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { HttpError, LinkBase, Title, useLocaleState, useTranslate } from 'react-admin';
import { DownloadButtons } from '../common/DownloadButtons.tsx';
import { useEnumLabel } from '../common/enums.tsx';
import { API_URL, httpClient } from '../providers/http.ts';
import { getUser } from '../providers/session.ts';
import { RegionPicker } from '../common/RegionInput.tsx';
import { LEDGER_COUNTS, LEDGER_LEVELS, type Ledger, type LedgerLevel } from './types.ts';

const CODE_LENGTH: Record<string, number> = { PROVINCE: 2, CITY: 4, COUNTY: 6, TOWNSHIP: 9, VILLAGE: 12 };
const levelOf = (code: string) => Object.keys(CODE_LENGTH).find((l) => CODE_LENGTH[l] === code.length) ?? 'VILLAGE';
const parentOf = (code: string) => {
  const lengths = [2, 4, 6, 9, 12];
  const index = lengths.indexOf(code.length);
  return index > 0 ? code.slice(0, lengths[index - 1]) : null;
};

export const LedgerPage = () => {
  const translate = useTranslate();
  const enumLabel = useEnumLabel();
  const [locale] = useLocaleState();
  const scope = getUser()?.regionId ?? '43';
  const [regionId, setRegionId] = useState(scope);
  const [year, setYear] = useState('');
  const [level, setLevel] = useState<LedgerLevel | ''>('');
  const yearValid = year === '' || (/^\d{4}$/.test(year) && Number(year) >= 2013 && Number(year) <= 2100);

  const params = useMemo(() => {
    const p = new URLSearchParams({ regionId });
    if (year && yearValid) p.set('year', year);
    if (level) p.set('level', level);
    return p;
  }, [regionId, year, level, yearValid]);

  const { data, isFetching, error } = useQuery({
    queryKey: ['ledgers', params.toString()],
    queryFn: async () => (await httpClient(`${API_URL}/ledgers?${params}`)).json as Ledger,
    enabled: yearValid,
  });
  const regionLevel = levelOf(regionId);
  const levelChoices = LEDGER_LEVELS.filter((l) => CODE_LENGTH[l] >= CODE_LENGTH[regionLevel]);
  const number = new Intl.NumberFormat(locale === 'en' ? 'en' : 'zh-CN');
  const show = (v: number | null | undefined) => (v === null || v === undefined ? '—' : number.format(v));
  const parent = parentOf(regionId);
  const canGoUp = parent !== null && scope.length <= parent.length;
  const download = (format: 'csv' | 'xlsx') => {
    const p = new URLSearchParams(params);
    p.set('format', format);
    if (locale === 'en') p.set('lang', 'both');
    return `/ledgers?${p}`;
  };

  return (
    <Box sx={{ mt: 1 }} data-testid="ledger-page">
      <Title title="resources.ledgers.name" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems={{ md: 'center' }} flexWrap="wrap" useFlexGap>
            <RegionPicker value={regionId} onChange={(id) => id && (setRegionId(id), setLevel(''))} label="app.ledgers.region" clearable={false} width={320} />
            <TextField
              size="small"
              label={translate('app.ledgers.year')}
              name="year"
              value={year}
              onChange={(e) => setYear(e.target.value.trim())}
              error={!yearValid}
              helperText={yearValid ? translate('app.ledgers.yearHelp') : translate('app.departments.yearInvalid')}
              inputProps={{ inputMode: 'numeric' }}
              sx={{ width: 160, flex: '0 0 auto' }}
            />
            <FormControl size="small" sx={{ width: 180, flex: '0 0 auto' }}>
              <InputLabel id="ledger-level">{translate('app.ledgers.level')}</InputLabel>
              <Select labelId="ledger-level" label={translate('app.ledgers.level')} value={level} name="level" onChange={(e) => setLevel(e.target.value as LedgerLevel | '')}>
                <MenuItem value="">{translate('app.ledgers.levelDefault')}</MenuItem>
                {levelChoices.map((l) => (
                  <MenuItem key={l} value={l}>
                    {enumLabel('regionLevel', l)}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <Button size="small" startIcon={<ArrowUpwardIcon />} disabled={!canGoUp} onClick={() => parent && (setRegionId(parent), setLevel(''))}>
              {translate('app.ledgers.up')}
            </Button>
            <Button size="small" startIcon={<ListAltIcon />} component={LinkBase} to={`/ledger-entries?filter=${encodeURIComponent(JSON.stringify({ regionId, ...(year && yearValid ? { year: Number(year) } : {}) }))}`}>
              {translate('app.ledgers.entries')}
            </Button>
            <DownloadButtons pathFor={download} fallbackName={`ledger-${regionId}`} disabled={!yearValid} testId="ledger-download" />
          </Stack>
        </CardContent>
      </Card>
      {isFetching && <LinearProgress aria-label={translate('ra.page.loading')} />}
      {error && <Alert severity="error">{translate(error instanceof HttpError ? error.message : 'ra.notification.http_error', { _: error.message })}</Alert>}
      {data && (
        <Card>
          <CardContent>
            <Typography variant="h6" gutterBottom>
              {translate('app.ledgers.heading', { region: data.regionName, level: enumLabel('regionLevel', data.level) })}
              {data.year ? ` · ${translate('app.ledgers.inYear', { year: data.year })}` : ''}
            </Typography>
            <TableContainer sx={{ maxHeight: '70vh' }}>
              <Table size="small" stickyHeader aria-label={translate('resources.ledgers.name')} data-testid="ledger-table">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('app.ledgers.columns.name')}</TableCell>
                    <TableCell>{translate('app.ledgers.columns.regionId')}</TableCell>
                    {LEDGER_COUNTS.map((c) => (
                      <TableCell key={c} align="right">
                        {translate(`app.ledgers.columns.${c}`)}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.rows.map((row) => {
                    const drill = row.level !== 'VILLAGE' && row.regionId !== regionId;
                    return (
                      <TableRow
                        key={row.regionId}
                        hover={drill}
                        sx={{ cursor: drill ? 'pointer' : 'default' }}
                        onClick={() => drill && (setRegionId(row.regionId), setLevel(''))}
                        data-testid="ledger-row"
                      >
                        <TableCell>
                          {row.name}
                          {row.townshipName && (
                            <Typography variant="caption" color="text.secondary" component="div">
                              {[row.countyName, row.townshipName].filter(Boolean).join(' / ')}
                            </Typography>
                          )}
                        </TableCell>
                        <TableCell>{row.regionId}</TableCell>
                        {LEDGER_COUNTS.map((c) => (
                          <TableCell key={c} align="right">
                            {show(row[c])}
                          </TableCell>
                        ))}
                      </TableRow>
                    );
                  })}
                  {data.rows.length === 0 && (
                    <TableRow>
                      <TableCell colSpan={LEDGER_COUNTS.length + 2}>{translate('app.common.empty')}</TableCell>
                    </TableRow>
                  )}
                  <TableRow sx={{ '& td': { fontWeight: 'bold' } }}>
                    <TableCell>{translate('app.ledgers.total')}</TableCell>
                    <TableCell />
                    {LEDGER_COUNTS.map((c) => (
                      <TableCell key={c} align="right">
                        {show(data.totals[c])}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableBody>
              </Table>
            </TableContainer>
          </CardContent>
        </Card>
      )}
    </Box>
  );
};
