/**
 * The launch form (发起年度核查, OFFICE): year, region (the province or a city inside the user's
 * scope), and the config in force for the year (`GET /api/exit-config/default`) as grouped editable
 * fields with their units, and the counties with their own sample sizes (sample.perCounty, a blank
 * size keeping the default). Every change is validated live by the API
 * (`POST /api/exit-config/validate`), each problem shown under its field in the user's language.
 * Launch sends `POST /api/cycles` with only the fields changed; while it runs the page shows
 * progress; then it opens the cycle. A cycle that exists already (409 CYCLE_EXISTS) is linked.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControlLabel,
  Grid,
  IconButton,
  InputAdornment,
  LinearProgress,
  MenuItem,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import RocketLaunchIcon from '@mui/icons-material/RocketLaunch';
import { useMutation, useQuery } from '@tanstack/react-query';
import { HttpError, Link, Title, useCanAccess, useGetList, useNavigate, useNotify, useTranslate } from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import { apiErrorCode } from '../providers/http.ts';
import type { Region } from '../types.ts';
import { fetchConfigInForce, launchCycle, validateConfig } from './api.ts';
import { CONFIG_GROUPS, configIssues, editOf, issueText, type ConfigIssue, localProblem, overridesOf, perCountyOf, SAMPLE_KEYS, valuesOf, type FieldDef, type FormValues, type OverrideRow, type PerCountyRow, type SampleKey } from './configFields.ts';
import type { Cycle } from './types.ts';
import { usePercent } from './widgets.tsx';
import { DEFAULT_YEAR, useLaunchRegions, YEARS } from './launch.ts';
import { YearRegionFields } from './YearRegionFields.tsx';
import { AssessmentLaunch } from './AssessmentLaunch.tsx';

const TIME_UNITS = ['day', 'minute', 'second'] as const;

function issuesOf(error: unknown): ConfigIssue[] | null {
  if (!(error instanceof HttpError)) return null;
  return configIssues((error.body as { error?: { details?: unknown } } | null)?.error?.details);
}

/** The existing cycle a 409 CYCLE_EXISTS names (details[].cycleId / id, or the cycle itself). */
function existingCycleOf(error: unknown): string | null {
  if (!(error instanceof HttpError)) return null;
  const e = (error.body as { error?: { details?: unknown; cycleId?: unknown } } | null)?.error;
  const candidates = [e?.cycleId, ...(Array.isArray(e?.details) ? e.details : [e?.details])];
  for (const c of candidates) {
    if (typeof c === 'string' && c) return c;
    if (c && typeof c === 'object') {
      const o = c as Record<string, unknown>;
      for (const key of ['cycleId', 'id', 'existingCycleId']) if (typeof o[key] === 'string') return o[key] as string;
      if (o.cycle && typeof o.cycle === 'object' && typeof (o.cycle as { id?: unknown }).id === 'string') return (o.cycle as { id: string }).id;
    }
  }
  return null;
}

/** The exit verification's launch form. */
const ExitLaunch = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const percent = usePercent();
  const { canAccess, isPending: checking } = useCanAccess({ resource: 'cycles', action: 'create' });
  const [yearText, setYearText] = useState(String(DEFAULT_YEAR));
  const year = /^\d{4}$/.test(yearText) && Number(yearText) >= YEARS.min && Number(yearText) <= YEARS.max ? Number(yearText) : null;
  const { regions, regionId, setRegionId } = useLaunchRegions();
  const [values, setValues] = useState<FormValues | null>(null);
  const [overrides, setOverrides] = useState<OverrideRow[]>([]);
  const [perCounty, setPerCounty] = useState<PerCountyRow[]>([]);
  const [serverIssues, setServerIssues] = useState<ConfigIssue[]>([]);
  const [existing, setExisting] = useState<string | null>(null);

  const base = useQuery({ queryKey: ['exit-config', year], queryFn: () => fetchConfigInForce(year as number), enabled: year !== null });
  useEffect(() => {
    if (base.data) {
      setValues(valuesOf(base.data.config));
      setOverrides(overridesOf(base.data.config));
      setPerCounty(perCountyOf(base.data.config));
      setServerIssues([]);
    }
  }, [base.data]);

  const edit = useMemo(() => (base.data && values ? editOf(base.data.config, values, overrides, perCounty) : null), [base.data, values, overrides, perCounty]);
  // a county set twice: only the first row counts, so the form says so and waits
  const repeatedCounties = perCounty.map((r, i) => r.county.trim() !== '' && perCounty.findIndex((o) => o.county.trim() === r.county.trim()) < i);
  // the counties' names beside their codes
  const countyCodes = [...new Set(perCounty.map((r) => r.county.trim()).filter((c) => /^\d{6}$/.test(c)))];
  const { data: countyRegions } = useGetList<Region>('regions', { filter: { id: countyCodes }, pagination: { page: 1, perPage: Math.max(countyCodes.length, 1) }, sort: { field: 'code', order: 'ASC' } }, { enabled: countyCodes.length > 0 });
  const editKey = JSON.stringify(edit);

  // live validation by the API, 400 ms after the last change
  const [validating, setValidating] = useState(false);
  useEffect(() => {
    if (!edit || year === null) return;
    let current = true;
    setValidating(true);
    const timer = setTimeout(() => {
      validateConfig(year, edit)
        .then(() => current && setServerIssues([]))
        .catch((error: unknown) => {
          if (!current) return;
          const issues = apiErrorCode((error as HttpError).body) === 'INVALID_CONFIG' ? issuesOf(error) : null;
          if (issues) setServerIssues(issues);
          else notifyError(error);
        })
        .finally(() => current && setValidating(false));
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [editKey, year]);

  const launch = useMutation<Cycle, Error>({
    mutationFn: () => launchCycle(year as number, regionId, edit ?? {}),
    onSuccess: (cycle) => {
      notify('app.exit.launch.started', { type: 'success', messageArgs: { year } });
      navigate(`/cycles/${encodeURIComponent(String(cycle.id))}/show`);
    },
    onError: (error) => {
      const code = error instanceof HttpError ? apiErrorCode(error.body) : null;
      if (code === 'CYCLE_EXISTS') {
        setExisting(existingCycleOf(error) ?? '');
        return;
      }
      const issues = issuesOf(error);
      if (issues?.length && (code === 'INVALID_CONFIG' || code === 'INVALID_INPUT')) setServerIssues(issues);
      notifyError(error);
    },
  });

  if (checking) return null;
  if (!canAccess) {
    return (
      <Alert severity="warning" sx={{ m: 2 }}>
        {translate('app.exit.launch.notAllowed')}
      </Alert>
    );
  }

  const issueFor = (path: string): string | null => {
    const server = serverIssues.find((i) => i.field === path);
    return server ? issueText(server, translate) : null;
  };
  /** The problem under a field: worded by the console for the field's kind, else the API's sentence. */
  const problem = (field: FieldDef | { path: string; kind: 'rate' | 'prefix' | 'county' }, text: string): string | null => {
    const server = issueFor(field.path);
    if (!server) return null;
    const local = field.kind === 'boolean' || field.kind === 'timeUnit' ? null : localProblem(field.kind as Parameters<typeof localProblem>[0], text);
    return local ? translate(local[0], local[1]) : server;
  };
  const otherIssues = serverIssues.filter((i) => !i.field.startsWith('incidence.regionOverrides') && !i.field.startsWith('sample.perCounty') && !CONFIG_GROUPS.some((g) => g.fields.some((f) => f.path === i.field)));
  const timeUnit = typeof values?.timeUnit === 'string' ? values.timeUnit : 'day';
  const unitOf = (field: FieldDef): string => {
    switch (field.kind) {
      case 'notice':
      case 'duration':
        return translate(`app.exit.config.units.${timeUnit}`);
      default:
        return translate(`app.exit.config.units.${field.kind}`, { _: '' });
    }
  };
  const set = (path: string, value: string | boolean) => setValues((v) => ({ ...(v ?? {}), [path]: value }));
  const blocked = !values || year === null || !regionId || validating || serverIssues.length > 0 || repeatedCounties.some(Boolean) || launch.isPending;

  const renderField = (field: FieldDef) => {
    const raw = values?.[field.path];
    const label = translate(`app.exit.config.fields.${field.path}`);
    if (field.kind === 'boolean') {
      return (
        <FormControlLabel
          control={<Switch checked={raw === true} onChange={(e) => set(field.path, e.target.checked)} inputProps={{ 'aria-label': label }} />}
          label={label}
        />
      );
    }
    if (field.kind === 'timeUnit') {
      return (
        <TextField variant="outlined" select fullWidth size="small" label={label} value={raw ?? 'day'} onChange={(e) => set(field.path, e.target.value)} helperText={translate('app.exit.config.help.timeUnit')} inputProps={{ 'data-testid': `config-${field.path}` }}>
          {TIME_UNITS.map((u) => (
            <MenuItem key={u} value={u}>
              {translate(`app.exit.config.units.${u}`)}
            </MenuItem>
          ))}
        </TextField>
      );
    }
    const text = typeof raw === 'string' ? raw : '';
    const error = problem(field, text);
    const n = Number(text);
    const hint = field.kind === 'rate' && text.trim() !== '' && Number.isFinite(n) ? translate('app.exit.config.help.ratePreview', { percent: percent(n) }) : field.kind === 'rate' ? translate('app.exit.config.help.rate') : ' ';
    return (
      <TextField
        variant="outlined"
        fullWidth
        size="small"
        label={label}
        value={text}
        onChange={(e) => set(field.path, e.target.value)}
        error={error !== null}
        helperText={error ?? hint}
        inputProps={{ inputMode: 'decimal', 'data-testid': `config-${field.path}`, 'aria-invalid': error !== null }}
        FormHelperTextProps={{ 'data-testid': `config-${field.path}-help` } as object}
        InputProps={{ endAdornment: unitOf(field) ? <InputAdornment position="end">{unitOf(field)}</InputAdornment> : undefined }}
      />
    );
  };

  const overrideField = (i: number, key: keyof OverrideRow, kind: 'rate' | 'prefix' | null) => {
    const path = `incidence.regionOverrides.${i}.${key}`;
    const text = overrides[i][key];
    const rowIssue = key === 'prefix' ? issueFor(`incidence.regionOverrides.${i}`) : null;
    const error = kind ? problem({ path, kind }, text) : issueFor(path);
    const shown = error ?? (rowIssue ? rowIssue.replace(/^[\w.[\]-]+: /, '') : null);
    return (
      <TextField
        variant="outlined"
        size="small"
        fullWidth
        label={translate(`app.exit.config.overrides.${key}`)}
        value={text}
        onChange={(e) => setOverrides((rows) => rows.map((r, j) => (j === i ? { ...r, [key]: e.target.value } : r)))}
        error={shown !== null}
        helperText={shown ?? ' '}
        inputProps={{ 'data-testid': `config-${path}` }}
      />
    );
  };

  /** One cell of a county's own sample sizes; the API's problem (sample.perCounty.<code>.<key>) shown under it. */
  const perCountyField = (i: number, key: 'county' | SampleKey) => {
    const row = perCounty[i];
    const text = row[key];
    const code = row.county.trim();
    let error: string | null = null;
    let hint = ' ';
    if (key === 'county') {
      const server = code ? issueFor(`sample.perCounty.${code}`) : null;
      if (repeatedCounties[i]) error = translate('app.exit.config.perCounty.duplicate');
      else if (server) error = problem({ path: `sample.perCounty.${code}`, kind: 'county' }, text);
      else hint = countyRegions?.find((r) => r.id === code)?.name ?? ' ';
    } else {
      error = code ? problem({ path: `sample.perCounty.${code}.${key}`, kind: key === 'villages' ? 'villages' : 'count' }, text) : null;
      hint = translate('app.exit.config.perCounty.defaultHint', { value: String(values?.[`sample.default.${key}`] ?? '') });
    }
    return (
      <TextField
        variant="outlined"
        size="small"
        fullWidth
        label={translate(`app.exit.config.perCounty.${key}`)}
        value={text}
        onChange={(e) => setPerCounty((rows) => rows.map((r, j) => (j === i ? { ...r, [key]: e.target.value } : r)))}
        error={error !== null}
        helperText={error ?? hint}
        inputProps={{ inputMode: 'numeric', 'data-testid': `config-sample.perCounty.${i}.${key}`, 'aria-invalid': error !== null }}
        FormHelperTextProps={{ 'data-testid': `config-sample.perCounty.${i}.${key}-help` } as object}
      />
    );
  };

  return (
    <Box sx={{ p: { xs: 1, sm: 2 }, maxWidth: 1200 }} data-testid="cycle-launch-form">
      <Title title={translate('app.exit.launch.title')} />
      <Card>
        <CardContent>
          <Typography variant="h6" gutterBottom>
            {translate('app.exit.launch.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('app.exit.launch.help')}
          </Typography>
          <YearRegionFields yearText={yearText} setYearText={setYearText} year={year} regions={regions} regionId={regionId} setRegionId={setRegionId} testIds={['launch-year', 'launch-region']} />
          {base.data ? (
            <Typography variant="body2" sx={{ mt: 1 }} data-testid="config-source">
              {translate(base.data.source === 'DEFAULT' ? 'app.exit.launch.sourceDefault' : 'app.exit.launch.sourceStored', { year: base.data.year, version: base.data.version })}
            </Typography>
          ) : base.isFetching ? (
            <LinearProgress sx={{ mt: 2 }} aria-label={translate('ra.page.loading')} />
          ) : null}
        </CardContent>
      </Card>

      {values
        ? CONFIG_GROUPS.map((group) => (
            <Card key={group.key} sx={{ mt: 2 }} data-testid={`config-group-${group.key}`}>
              <CardContent>
                <Typography variant="subtitle1" fontWeight={600}>
                  {translate(`app.exit.config.groups.${group.key}`)}
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                  {translate(`app.exit.config.groupHelp.${group.key}`)}
                </Typography>
                <Grid container spacing={2}>
                  {group.fields.map((field) => (
                    <Grid key={field.path} size={{ xs: 12, sm: 6, md: 4 }}>
                      {renderField(field)}
                    </Grid>
                  ))}
                </Grid>
                {group.key === 'incidence' ? (
                  <Box sx={{ mt: 2 }} data-testid="config-overrides">
                    <Typography variant="body2" sx={{ mb: 1 }}>
                      {translate('app.exit.config.overrides.title')}
                    </Typography>
                    {overrides.length === 0 ? (
                      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                        {translate('app.exit.config.overrides.none')}
                      </Typography>
                    ) : null}
                    {overrides.map((_row, i) => (
                      <Grid container spacing={1} key={i} alignItems="flex-start">
                        <Grid size={{ xs: 12, sm: 3 }}>{overrideField(i, 'prefix', 'prefix')}</Grid>
                        <Grid size={{ xs: 6, sm: 2 }}>{overrideField(i, 'village', 'rate')}</Grid>
                        <Grid size={{ xs: 6, sm: 2 }}>{overrideField(i, 'county', 'rate')}</Grid>
                        <Grid size={{ xs: 10, sm: 4 }}>{overrideField(i, 'note', null)}</Grid>
                        <Grid size={{ xs: 2, sm: 1 }}>
                          <IconButton aria-label={translate('app.exit.config.overrides.remove')} onClick={() => setOverrides((rows) => rows.filter((_, j) => j !== i))}>
                            <DeleteIcon />
                          </IconButton>
                        </Grid>
                      </Grid>
                    ))}
                    <Button size="small" startIcon={<AddIcon />} onClick={() => setOverrides((rows) => [...rows, { prefix: '', village: '', county: '', note: '' }])}>
                      {translate('app.exit.config.overrides.add')}
                    </Button>
                  </Box>
                ) : null}
                {group.key === 'sample' ? (
                  <Box sx={{ mt: 2 }} data-testid="config-per-county">
                    <Typography variant="body2" sx={{ mb: 1 }}>
                      {translate('app.exit.config.perCounty.title')}
                    </Typography>
                    {perCounty.length === 0 ? (
                      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                        {translate('app.exit.config.perCounty.none')}
                      </Typography>
                    ) : null}
                    {perCounty.map((_row, i) => (
                      <Grid container spacing={1} key={i} alignItems="flex-start" data-testid="config-per-county-row">
                        <Grid size={{ xs: 12, sm: 3 }}>{perCountyField(i, 'county')}</Grid>
                        {SAMPLE_KEYS.map((key) => (
                          <Grid key={key} size={{ xs: 12, sm: key === 'villages' ? 2 : 3 }}>
                            {perCountyField(i, key)}
                          </Grid>
                        ))}
                        <Grid size={{ xs: 2, sm: 1 }}>
                          <IconButton aria-label={translate('app.exit.config.perCounty.remove')} onClick={() => setPerCounty((rows) => rows.filter((_, j) => j !== i))}>
                            <DeleteIcon />
                          </IconButton>
                        </Grid>
                      </Grid>
                    ))}
                    <Button size="small" startIcon={<AddIcon />} onClick={() => setPerCounty((rows) => [...rows, { county: '', householdsInRegister: '', householdsOutsideRegister: '', villages: '' }])} data-testid="config-per-county-add">
                      {translate('app.exit.config.perCounty.add')}
                    </Button>
                  </Box>
                ) : null}
              </CardContent>
            </Card>
          ))
        : null}

      {otherIssues.length ? (
        <Alert severity="error" sx={{ mt: 2 }} data-testid="config-other-issues">
          {otherIssues.map((i) => (
            <div key={i.field}>{issueText(i, translate)}</div>
          ))}
        </Alert>
      ) : null}
      {existing !== null ? (
        <Alert severity="warning" sx={{ mt: 2 }} data-testid="cycle-exists">
          {translate('app.exit.launch.exists', { year: year ?? '' })}{' '}
          {existing ? <Link to={`/cycles/${encodeURIComponent(existing)}/show`}>{translate('app.exit.launch.openExisting')}</Link> : null}
        </Alert>
      ) : null}

      <Card sx={{ mt: 2, position: 'sticky', bottom: 0, zIndex: 1 }}>
        <CardContent>
          {launch.isPending ? (
            <Box sx={{ mb: 2 }} data-testid="launch-progress">
              <Typography variant="body2" sx={{ mb: 1 }}>
                {translate('app.exit.launch.pending')}
              </Typography>
              <LinearProgress aria-label={translate('app.exit.launch.pending')} />
            </Box>
          ) : null}
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems={{ sm: 'center' }} justifyContent="space-between">
            <Typography variant="body2" color={serverIssues.length ? 'error' : 'text.secondary'} data-testid="config-status" data-issues={serverIssues.length}>
              {validating
                ? translate('app.exit.launch.validating')
                : serverIssues.length
                  ? translate('app.exit.launch.issues', { smart_count: serverIssues.length })
                  : translate('app.exit.launch.valid', { changed: Object.keys(flatten(edit ?? {})).length })}
            </Typography>
            <Button variant="contained" startIcon={<RocketLaunchIcon />} disabled={blocked} onClick={() => launch.mutate()} data-testid="launch-submit">
              {translate('app.exit.launch.submit')}
            </Button>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
};

function flatten(o: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = v;
  }
  return out;
}


/** 发起年度核查 or 成效考核: the type first, then its own form. */
export const CycleCreate = () => {
  const translate = useTranslate();
  const [type, setType] = useState<'EXIT_VERIFICATION' | 'COUNTY_ASSESSMENT'>('EXIT_VERIFICATION');
  return (
    <Box>
      <Box sx={{ px: { xs: 1, sm: 2 }, pt: 2, maxWidth: 1200 }}>
        <TextField variant="outlined" select size="small" sx={{ minWidth: 280 }} label={translate('resources.cycles.fields.type')} value={type} onChange={(e) => setType(e.target.value as typeof type)} inputProps={{ 'data-testid': 'launch-type' }}>
          {(['EXIT_VERIFICATION', 'COUNTY_ASSESSMENT'] as const).map((t) => (
            <MenuItem key={t} value={t}>
              {translate(`processes.${t}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {type === 'EXIT_VERIFICATION' ? <ExitLaunch /> : <AssessmentLaunch />}
    </Box>
  );
};

export default CycleCreate;
