/**
 * The county assessment's launch form (发起成效考核, OFFICE): year, region, the framework in force for
 * the year (`GET /api/cycle-config?type=COUNTY_ASSESSMENT`) with each indicator's weight editable and
 * their sum shown, the deadlines, the ranking notice, how results apply, and the province's annual
 * reduction plan per county. Every change is validated live by the API
 * (`POST /api/cycle-config/validate`), each problem shown in the user's language beside its field.
 * Launch sends `POST /api/cycles` with the changed fields; a cycle that exists already is linked.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Grid, IconButton, LinearProgress, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import RocketLaunchIcon from '@mui/icons-material/RocketLaunch';
import { useMutation, useQuery } from '@tanstack/react-query';
import { HttpError, Link, Title, useCanAccess, useLocaleState, useNavigate, useNotify, useTranslate } from 'react-admin';
import type { CountyAssessmentConfig } from '../../../rules/county-assessment/config.ts';
import { useNotifyError } from '../common/notify.ts';
import { API_URL, apiErrorCode, httpClient, postJson } from '../providers/http.ts';
import { DEFAULT_YEAR, useLaunchRegions, YEARS } from './launch.ts';
import { YearRegionFields } from './YearRegionFields.tsx';
import { configIssues, issueText, type ConfigIssue } from './configFields.ts';
import type { Cycle } from './types.ts';

const TIME_UNITS = ['day', 'minute', 'second'] as const;
/** the scalar fields, by their path in the config */
const FIELDS = ['submission.due', 'submission.closesAfter', 'submission.latePenalty', 'rankingNotice', 'results.rewardTop', 'results.rectificationPeriod', 'results.accountabilityFakeExitFlags'] as const;
type Field = (typeof FIELDS)[number];
const DURATIONS: readonly Field[] = ['submission.due', 'submission.closesAfter', 'rankingNotice', 'results.rectificationPeriod'];

interface InForce {
  year: number;
  source: 'CONFIG_VERSION' | 'DEFAULT';
  version: number;
  config: CountyAssessmentConfig;
}

const get = (config: CountyAssessmentConfig, path: Field): number => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], config) as number;
/** a number as typed, or the text itself (the API then says it is not a number) */
const num = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

export const AssessmentLaunch = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const { canAccess, isPending: checking } = useCanAccess({ resource: 'cycles', action: 'create' });
  const [yearText, setYearText] = useState(String(DEFAULT_YEAR));
  const year = /^\d{4}$/.test(yearText) && Number(yearText) >= YEARS.min && Number(yearText) <= YEARS.max ? Number(yearText) : null;
  const { regions, regionId, setRegionId } = useLaunchRegions();
  const [values, setValues] = useState<Record<string, string>>({});
  const [weights, setWeights] = useState<string[]>([]);
  const [plan, setPlan] = useState<{ county: string; households: string }[]>([]);
  const [issues, setIssues] = useState<ConfigIssue[]>([]);
  const [existing, setExisting] = useState<string | null>(null);

  const base = useQuery({
    queryKey: ['assessment-config', year],
    queryFn: async () => (await httpClient(`${API_URL}/cycle-config?type=COUNTY_ASSESSMENT&year=${year}`)).json as InForce,
    enabled: year !== null,
  });
  useEffect(() => {
    const c = base.data?.config;
    if (!c) return;
    setValues({ timeUnit: c.timeUnit, ...Object.fromEntries(FIELDS.map((f) => [f, String(get(c, f))])) });
    setWeights(c.indicators.map((i) => String(i.weight)));
    setPlan(Object.entries(c.annualPlan).map(([county, households]) => ({ county, households: String(households) })));
    setIssues([]);
  }, [base.data]);

  const edit = useMemo(() => {
    const c = base.data?.config;
    if (!c || weights.length !== c.indicators.length) return null;
    const out: Record<string, unknown> = { timeUnit: values.timeUnit, submission: {}, results: {} };
    for (const f of FIELDS) {
      const [head, tail] = f.split('.');
      if (tail) (out[head] as Record<string, unknown>)[tail] = num(values[f] ?? '');
      else out[head] = num(values[f] ?? '');
    }
    if (weights.some((w, i) => num(w) !== c.indicators[i].weight)) out.indicators = c.indicators.map((ind, i) => ({ ...ind, weight: num(weights[i]) }));
    out.annualPlan = Object.fromEntries(plan.filter((r) => r.county.trim()).map((r) => [r.county.trim(), num(r.households)]));
    return out;
  }, [base.data, values, weights, plan]);
  const editKey = JSON.stringify(edit);

  const [validating, setValidating] = useState(false);
  useEffect(() => {
    if (!edit || year === null) return;
    let current = true;
    setValidating(true);
    const timer = setTimeout(() => {
      postJson('/cycle-config/validate', { type: 'COUNTY_ASSESSMENT', year, config: edit })
        .then(() => current && setIssues([]))
        .catch((error: unknown) => {
          if (!current) return;
          const details = configIssues(error instanceof HttpError ? (error.body as { error?: { details?: unknown } } | null)?.error?.details : null);
          if (apiErrorCode((error as HttpError).body) === 'INVALID_CONFIG' && details) setIssues(details);
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
    mutationFn: () => postJson<Cycle>('/cycles', { type: 'COUNTY_ASSESSMENT', year, regionId, config: edit ?? {} }),
    onSuccess: (cycle) => {
      notify('app.assessmentLaunch.started', { type: 'success', messageArgs: { year } });
      navigate(`/cycles/${encodeURIComponent(String(cycle.id))}/show`);
    },
    onError: (error) => {
      if (error instanceof HttpError && apiErrorCode(error.body) === 'CYCLE_EXISTS') {
        const details = (error.body as { error?: { details?: { cycleId?: string }[] } }).error?.details;
        setExisting(details?.[0]?.cycleId ?? '');
        return;
      }
      notifyError(error);
    },
  });

  if (checking) return null;
  if (!canAccess) return <Alert severity="warning" sx={{ m: 2 }}>{translate('app.exit.launch.notAllowed')}</Alert>;

  const config = base.data?.config;
  const lang = locale === 'en' ? 'en' : 'zh';
  /** the problem under a field, worded from the rule the API names */
  const issueOf = (path: string) => {
    const issue = issues.find((i) => i.field === path);
    return issue ? issueText(issue, translate) : null;
  };
  const total = weights.reduce((n, w) => n + (Number.isFinite(Number(w)) ? Number(w) : 0), 0);
  const weightIssue = issueOf('indicators');
  const blocked = !edit || year === null || !regionId || validating || issues.length > 0 || launch.isPending;
  const unit = translate(`app.exit.config.units.${values.timeUnit ?? 'day'}`);

  return (
    <Box sx={{ p: { xs: 1, sm: 2 }, maxWidth: 1200 }} data-testid="assessment-launch-form">
      <Title title={translate('app.assessmentLaunch.title')} />
      <Card>
        <CardContent>
          <Typography variant="h6" gutterBottom>
            {translate('app.assessmentLaunch.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('app.assessmentLaunch.help')}
          </Typography>
          <YearRegionFields yearText={yearText} setYearText={setYearText} year={year} regions={regions} regionId={regionId} setRegionId={setRegionId} testIds={['assessment-year', 'assessment-region']} />
          {base.data ? (
            <Typography variant="body2" sx={{ mt: 1 }}>
              {translate(base.data.source === 'DEFAULT' ? 'app.exit.launch.sourceDefault' : 'app.exit.launch.sourceStored', { year: base.data.year, version: base.data.version })}
            </Typography>
          ) : base.isPending ? (
            <LinearProgress sx={{ mt: 2 }} />
          ) : null}

          {config ? (
            <>
              <Typography variant="subtitle1" sx={{ mt: 3 }}>
                {translate('app.assessmentLaunch.framework')}
              </Typography>
              <Box tabIndex={0} role="region" aria-label={translate('app.assessmentLaunch.framework')} sx={{ width: '100%', overflowX: 'auto' }}>
                <Table size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>{translate('app.rankings.line.indicator')}</TableCell>
                      <TableCell>{translate('app.rankings.line.group')}</TableCell>
                      <TableCell>{translate('app.rankings.line.source')}</TableCell>
                      <TableCell>{translate('app.assessmentLaunch.scoring')}</TableCell>
                      <TableCell sx={{ width: 130 }}>{translate('app.assessmentLaunch.weight')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {config.indicators.map((ind, i) => {
                      const problem = issueOf(`indicators.${i}.weight`);
                      return (
                        <TableRow key={ind.code}>
                          <TableCell>{ind.name[lang]}</TableCell>
                          <TableCell>{translate(`app.rankings.groups.${ind.group}`)}</TableCell>
                          <TableCell>{translate(`enums.valueSource.${ind.source}`, { _: ind.source })}</TableCell>
                          <TableCell>{translate(`app.assessmentLaunch.scoringKinds.${ind.scoring.kind}`, ind.scoring.kind === 'linear' ? { worst: ind.scoring.worst, best: ind.scoring.best } : ind.scoring.kind === 'threshold' ? { target: ind.scoring.target } : {})}</TableCell>
                          <TableCell>
                            <TextField variant="outlined" size="small" value={weights[i] ?? ''} onChange={(e) => setWeights((w) => w.map((x, j) => (j === i ? e.target.value : x)))} error={problem !== null} helperText={problem ?? ' '} inputProps={{ inputMode: 'decimal', 'aria-label': `${ind.name[lang]} ${translate('app.assessmentLaunch.weight')}`, 'data-testid': `weight-${ind.code}` }} />
                          </TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
              </Box>
              <Typography variant="body2" sx={{ mt: 1 }} color={weightIssue ? 'error' : 'text.primary'} data-testid="weights-total" data-invalid={weightIssue ? 'true' : 'false'}>
                {translate('app.assessmentLaunch.total', { total: Math.round(total * 1000) / 1000 })}
              </Typography>

              <Typography variant="subtitle1" sx={{ mt: 3 }}>
                {translate('app.assessmentLaunch.deadlines')}
              </Typography>
              <Grid container spacing={2} sx={{ mt: 0.5 }}>
                <Grid size={{ xs: 12, sm: 6, md: 3 }}>
                  <TextField variant="outlined" select fullWidth size="small" label={translate('app.exit.config.fields.timeUnit')} value={values.timeUnit ?? 'day'} onChange={(e) => setValues((v) => ({ ...v, timeUnit: e.target.value }))} helperText={translate('app.exit.config.help.timeUnit')}>
                    {TIME_UNITS.map((u) => (
                      <MenuItem key={u} value={u}>
                        {translate(`app.exit.config.units.${u}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                </Grid>
                {FIELDS.map((f) => {
                  const problem = issueOf(f);
                  return (
                    <Grid key={f} size={{ xs: 12, sm: 6, md: 3 }}>
                      <TextField
                        variant="outlined"
                        fullWidth
                        size="small"
                        label={translate(`app.assessmentLaunch.fields.${f}`)}
                        value={values[f] ?? ''}
                        onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
                        error={problem !== null}
                        helperText={problem ?? (DURATIONS.includes(f) ? unit : ' ')}
                        inputProps={{ inputMode: 'decimal', 'data-testid': `assessment-${f}` }}
                      />
                    </Grid>
                  );
                })}
              </Grid>

              <Typography variant="subtitle1" sx={{ mt: 3 }}>
                {translate('app.assessmentLaunch.plan')}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {translate('app.assessmentLaunch.planHelp')}
              </Typography>
              <Stack spacing={1} sx={{ mt: 1 }}>
                {plan.map((row, i) => {
                  const problem = issueOf(`annualPlan.${row.county.trim()}`);
                  return (
                    <Stack key={i} direction="row" spacing={1} alignItems="flex-start">
                      <TextField variant="outlined" size="small" label={translate('app.assessmentLaunch.county')} value={row.county} onChange={(e) => setPlan((rows) => rows.map((r, j) => (j === i ? { ...r, county: e.target.value } : r)))} error={problem !== null} helperText={problem ?? ' '} inputProps={{ inputMode: 'numeric' }} />
                      <TextField variant="outlined" size="small" label={translate('app.assessmentLaunch.households')} value={row.households} onChange={(e) => setPlan((rows) => rows.map((r, j) => (j === i ? { ...r, households: e.target.value } : r)))} helperText=" " inputProps={{ inputMode: 'numeric' }} />
                      <IconButton aria-label={translate('app.assessmentLaunch.removeRow')} onClick={() => setPlan((rows) => rows.filter((_, j) => j !== i))}>
                        <DeleteIcon />
                      </IconButton>
                    </Stack>
                  );
                })}
                <Box>
                  <Button size="small" startIcon={<AddIcon />} onClick={() => setPlan((rows) => [...rows, { county: '', households: '' }])}>
                    {translate('app.assessmentLaunch.addRow')}
                  </Button>
                </Box>
              </Stack>
              {issues.filter((i) => !/^(config\.)?(indicators|annualPlan|submission|results|rankingNotice)/.test(i.field)).map((i) => (
                <Alert key={i.field} severity="error" sx={{ mt: 1 }}>
                  {issueText(i, translate)}
                </Alert>
              ))}
            </>
          ) : null}

          {existing !== null ? (
            <Alert severity="info" sx={{ mt: 2 }}>
              {translate('app.exit.launch.exists', { year })} {existing ? <Link to={`/cycles/${encodeURIComponent(existing)}/show`}>{translate('app.exit.launch.openExisting')}</Link> : null}
            </Alert>
          ) : null}
          {launch.isPending ? <LinearProgress sx={{ mt: 2 }} /> : null}
          <Box sx={{ mt: 2 }}>
            <Button variant="contained" startIcon={<RocketLaunchIcon />} disabled={blocked} onClick={() => launch.mutate()} data-testid="assessment-launch">
              {translate('app.assessmentLaunch.launch')}
            </Button>
          </Box>
        </CardContent>
      </Card>
    </Box>
  );
};
