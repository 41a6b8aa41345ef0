/**
 * The top of a task page, what a decider needs before deciding: the subject linked to its page
 * (the household, its village, township, county…), who asked and when, the last comment of the
 * process (e.g. the send-back reason on a revise task), and each number of the snapshot with its
 * unit beside the standard it is held against, with pass/fail (✓/✗). After a decision, the next
 * task of the same inbox filter and sort.
 */
import { Alert, AlertTitle, Box, Breadcrumbs, Button, Card, CardContent, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import NextIcon from '@mui/icons-material/ArrowForward';
import ListIcon from '@mui/icons-material/List';
import { LinkBase, useCanAccess, useGetList, useRecordContext, useStore, useTranslate } from 'react-admin';
import { useIntlLocale } from '../common/fields.tsx';
import type { Task, TaskHistoryEntry } from '../types.ts';
import { useTaskWording } from './wording.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

const REGION_SUBJECTS = new Set(['VILLAGE', 'TOWNSHIP', 'COUNTY', 'CITY', 'PROVINCE', 'REGION']);

/** The page of a task's subject, when the console has one. */
export function subjectPath(subjectType: string | undefined, subjectId: string | undefined): string | null {
  if (!subjectType || !subjectId) return null;
  if (subjectType === 'HOUSEHOLD') return `/households/${encodeURIComponent(subjectId)}/show`;
  if (REGION_SUBJECTS.has(subjectType)) return `/regions/${encodeURIComponent(subjectId)}/show`;
  return null;
}

const regionPath = (id: string) => `/regions/${encodeURIComponent(id)}/show`;

/** The regions the snapshot names: its `regions` list, else its county/township/village ids. */
function snapshotRegions(snapshot: Json): Array<{ id: string; name: string | null }> {
  if (Array.isArray(snapshot.regions)) {
    return snapshot.regions.filter(isObject).flatMap((r) => (str(r.id) ? [{ id: String(r.id), name: str(r.name) }] : []));
  }
  return ['countyId', 'townshipId', 'villageId'].flatMap((key) => (str(snapshot[key]) ? [{ id: String(snapshot[key]), name: null }] : []));
}

const Subject = ({ task, snapshot }: { task: Task; snapshot: Json }) => {
  const translate = useTranslate();
  const path = subjectPath(task.subjectType, task.subjectId);
  const label = task.subjectLabel || task.subjectId || '—';
  const regions = snapshotRegions(snapshot).filter((r) => !(REGION_SUBJECTS.has(task.subjectType ?? '') && r.id === task.subjectId));
  return (
    <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" data-testid="task-subject">
      <Typography variant="body2" color="text.secondary">
        {translate(`enums.subjectType.${task.subjectType ?? ''}`, { _: task.subjectType ?? '' })}
      </Typography>
      {path ? (
        <Typography component={LinkBase} to={path} variant="body1" sx={{ fontWeight: 600 }} data-testid="task-subject-link">
          {label}
        </Typography>
      ) : (
        <Typography variant="body1" sx={{ fontWeight: 600 }}>
          {label}
        </Typography>
      )}
      {regions.length > 0 ? (
        <Breadcrumbs aria-label={translate('app.region.breadcrumb')} sx={{ fontSize: '0.875rem' }} data-testid="task-subject-regions">
          {regions.map((r) => (
            <Typography key={r.id} component={LinkBase} to={regionPath(r.id)} variant="body2" data-testid="task-region-link" data-region={r.id}>
              {r.name ?? r.id}
            </Typography>
          ))}
        </Breadcrumbs>
      ) : null}
    </Stack>
  );
};

const When = ({ iso }: { iso: string | null | undefined }) => {
  const locales = useIntlLocale();
  if (!iso) return <span>—</span>;
  const date = new Date(iso);
  return <span title={iso}>{Number.isNaN(date.getTime()) ? iso : date.toLocaleString(locales, { dateStyle: 'medium', timeStyle: 'short' })}</span>;
};

/** Who asked: the proposer the snapshot names (a return request's), else when the step opened. */
const Asked = ({ task, snapshot }: { task: Task; snapshot: Json }) => {
  const translate = useTranslate();
  const proposer = isObject(snapshot.proposer) ? snapshot.proposer : null;
  const name = proposer ? [str(proposer.name), str(proposer.username) ? `(${String(proposer.username)})` : null].filter(Boolean).join(' ') : null;
  return (
    <Typography variant="body2" data-testid="task-asked">
      {name ? (
        <>
          {translate('app.task.summary.proposedBy')} <strong data-testid="task-proposer">{name}</strong> · {translate('app.task.summary.proposedAt')}{' '}
          <When iso={str(snapshot.proposedAt)} />
          {' · '}
        </>
      ) : null}
      {translate('app.task.summary.openedAt')} <When iso={task.createdAt} />
      {str(snapshot.reason) ? (
        <>
          <br />
          {translate('app.task.summary.reason')} <span data-testid="task-reason">{String(snapshot.reason)}</span>
        </>
      ) : null}
    </Typography>
  );
};

/** The latest comment left in this process before this task (a send-back reason, an objection). */
export function lastComment(task: Task): TaskHistoryEntry | null {
  const history = task.history ?? [];
  const earlier = history.filter((h) => h.id !== task.id && h.decidedAt && typeof h.comment === 'string' && h.comment.trim() !== '');
  if (task.createdAt) {
    const opened = new Date(task.createdAt).getTime();
    const before = earlier.filter((h) => new Date(h.decidedAt as string).getTime() <= opened + 1000);
    if (before.length) return before.sort((a, b) => String(a.decidedAt).localeCompare(String(b.decidedAt))).at(-1) ?? null;
  }
  return earlier.sort((a, b) => String(a.decidedAt).localeCompare(String(b.decidedAt))).at(-1) ?? null;
}

const LastComment = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  const wording = useTaskWording();
  const entry = lastComment(task);
  if (!entry) return null;
  const decision = entry.decision ? wording.decision(entry, entry.decision) : null;
  return (
    <Alert severity={entry.decision === 'RETURN' || entry.decision === 'REJECT' ? 'warning' : 'info'} sx={{ mt: 1 }} data-testid="task-last-comment">
      <AlertTitle>
        {translate(entry.decision === 'RETURN' ? 'app.task.summary.returnReason' : 'app.task.summary.lastComment')}
        {' · '}
        {wording.historyTitle(entry)}
        {decision ? ` · ${decision}` : ''}
      </AlertTitle>
      <Box sx={{ whiteSpace: 'pre-wrap' }} data-testid="task-last-comment-text">
        {entry.comment}
      </Box>
      <Typography variant="caption" color="text.secondary">
        {entry.decidedByName ?? entry.decidedById ?? '—'} · <When iso={entry.decidedAt} />
      </Typography>
    </Alert>
  );
};

/** A check of the snapshot: a return request's `checks[]`, or an exit step's rate tests (`tests.tests[]`, `incidence`). */
interface CheckRow {
  key: string;
  label: string;
  value: string;
  standard: string;
  pass: boolean | null;
}

function useCheckRows(snapshot: Json): CheckRow[] {
  const translate = useTranslate();
  const wording = useTaskWording();
  const locales = useIntlLocale();
  const number = (value: number, digits = 2) => new Intl.NumberFormat(locales, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
  const percent = (value: number) => new Intl.NumberFormat(locales, { style: 'percent', maximumFractionDigits: 2 }).format(value);
  const rows: CheckRow[] = [];
  if (Array.isArray(snapshot.checks)) {
    for (const check of snapshot.checks.filter(isObject)) {
      const key = String(check.key);
      const unit = str(check.unit) ? translate(`app.task.units.${String(check.unit)}`) : '';
      const withUnit = (v: number) => (unit ? `${number(v)} ${unit}` : number(v));
      const year = typeof check.year === 'number' ? check.year : null;
      let value: string;
      let standard: string;
      if (typeof check.value === 'number' && typeof check.standard === 'number') {
        value = withUnit(check.value);
        standard = translate(key === 'incomePerCapita' ? 'app.task.checks.povertyLine' : 'app.task.checks.atLeast', { value: withUnit(check.standard), year: year ?? '' });
      } else {
        value = translate(check.value === true ? 'app.task.checks.secured' : 'app.task.checks.notSecured');
        standard = translate('app.task.checks.mustBeSecured');
      }
      rows.push({
        key,
        label: translate(`app.task.checks.items.${key}`, { _: translate(`app.jsonKeys.${key}`, { _: key }) }) + (year ? translate('app.task.checks.inYear', { year }) : ''),
        value,
        standard,
        pass: typeof check.pass === 'boolean' ? check.pass : null,
      });
    }
  }
  // the rate tests of an exit step (三率一度, incidence): name, value, threshold, pass
  const tests: unknown[] = [];
  if (isObject(snapshot.tests) && Array.isArray(snapshot.tests.tests)) tests.push(...snapshot.tests.tests);
  if (isObject(snapshot.incidence)) tests.push(snapshot.incidence);
  for (const test of tests.filter(isObject)) {
    if (typeof test.threshold !== 'number') continue;
    const name = isObject(test.name) ? wording.text(test.name as Record<string, string>) : translate(`app.jsonKeys.${String(test.key)}`, { _: String(test.key ?? '') });
    const comparison = test.comparison === '<' ? 'app.task.checks.below' : 'app.task.checks.atLeast';
    rows.push({
      key: String(test.key ?? name),
      label: name,
      value: typeof test.value === 'number' ? percent(test.value) : translate('app.jsonKeys.missing'),
      standard: translate(comparison, { value: percent(test.threshold) }),
      pass: typeof test.pass === 'boolean' ? test.pass : null,
    });
  }
  return rows;
}

const Checks = ({ snapshot }: { snapshot: Json }) => {
  const translate = useTranslate();
  const rows = useCheckRows(snapshot);
  if (rows.length === 0) return null;
  return (
    <Box sx={{ mt: 2, overflowX: 'auto' }}>
      <Typography variant="subtitle2">{translate('app.task.checks.title')}</Typography>
      <Table size="small" sx={{ width: 'auto' }} data-testid="task-checks">
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.task.checks.item')}</TableCell>
            <TableCell align="right">{translate('app.task.checks.value')}</TableCell>
            <TableCell>{translate('app.task.checks.standard')}</TableCell>
            <TableCell>{translate('app.task.checks.result')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.key} data-testid="task-check" data-check={row.key} data-pass={row.pass === null ? '' : String(row.pass)}>
              <TableCell component="th" scope="row">
                {row.label}
              </TableCell>
              <TableCell align="right" data-testid="task-check-value" sx={{ whiteSpace: 'nowrap' }}>
                {row.value}
              </TableCell>
              <TableCell data-testid="task-check-standard">{row.standard}</TableCell>
              <TableCell>
                {row.pass === null ? (
                  '—'
                ) : (
                  <Chip
                    size="small"
                    variant="outlined"
                    color={row.pass ? 'success' : 'error'}
                    label={`${row.pass ? '✓' : '✗'} ${translate(row.pass ? 'app.task.checks.pass' : 'app.task.checks.fail')}`}
                    data-testid="task-check-result"
                  />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" color="text.secondary">
        {translate('app.task.checks.legend')}
      </Typography>
    </Box>
  );
};

export const TaskSummary = () => {
  const task = useRecordContext<Task>();
  const translate = useTranslate();
  const wording = useTaskWording();
  if (!task) return null;
  const snapshot = isObject(task.snapshot) ? task.snapshot : {};
  return (
    <Card variant="outlined" sx={{ mx: 2, mt: 2 }} data-testid="task-summary">
      <CardContent>
        <Typography variant="h6" component="h2" data-testid="task-summary-title">
          {wording.title(task)}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {wording.process(task.processType)}
          {task.regionName ? ` · ${task.regionName}` : ''}
          {' · '}
          {translate(`enums.taskStatus.${task.status}`, { _: task.status })}
        </Typography>
        <Subject task={task} snapshot={snapshot} />
        <Asked task={task} snapshot={snapshot} />
        <LastComment task={task} />
        <Checks snapshot={snapshot} />
      </CardContent>
    </Card>
  );
};

/** The inbox's filter and sort as the user left them (react-admin keeps them in its store). */
interface ListParams {
  filter?: Record<string, unknown>;
  sort?: string;
  order?: 'ASC' | 'DESC';
}

/**
 * After a decision: the next task in the inbox's own filter and sort, or a way back to the inbox
 * (which keeps its filter) when none is left.
 */
export const NextTask = () => {
  const task = useRecordContext<Task>();
  const translate = useTranslate();
  const wording = useTaskWording();
  const [params] = useStore<ListParams | undefined>('tasks.listParams');
  const { canAccess } = useCanAccess({ resource: 'tasks', action: 'decide' });
  const decided = !!task && task.status !== 'OPEN';
  const filter = params?.filter ?? { status: 'OPEN' };
  const { data, isPending } = useGetList<Task>(
    'tasks',
    { filter, sort: { field: params?.sort ?? 'dueAt', order: params?.order ?? 'ASC' }, pagination: { page: 1, perPage: 50 } },
    { enabled: decided && canAccess === true },
  );
  if (!task || !decided || !canAccess || isPending) return null;
  const rows = data ?? [];
  const at = rows.findIndex((t) => t.id === task.id);
  const next = (at >= 0 ? rows.slice(at + 1) : rows).find((t) => t.id !== task.id && t.status === 'OPEN');
  return (
    <Card variant="outlined" sx={{ mx: 2, mt: 2 }} data-testid="task-next">
      <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        {next ? (
          <>
            <Typography variant="body2" sx={{ flex: 1, minWidth: 240 }}>
              {translate('app.task.next.help')}
            </Typography>
            <Button variant="contained" endIcon={<NextIcon />} component={LinkBase} to={`/tasks/${encodeURIComponent(String(next.id))}/show`} data-testid="task-next-link" data-task={next.id}>
              {translate('app.task.next.open', { title: wording.title(next) })}
            </Button>
          </>
        ) : (
          <Typography variant="body2" sx={{ flex: 1 }} data-testid="task-next-none">
            {translate('app.task.next.none')}
          </Typography>
        )}
        <Button startIcon={<ListIcon />} component={LinkBase} to="/tasks" data-testid="task-next-inbox">
          {translate('app.task.next.inbox')}
        </Button>
      </CardContent>
    </Card>
  );
};
