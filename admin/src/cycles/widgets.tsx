/** Small pieces the exit-verification screens share: progress bars, task counts per level, stages, rates. */
import type { ReactNode } from 'react';
import { Box, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import InboxIcon from '@mui/icons-material/Inbox';
import { useLocaleState, useTranslate } from 'react-admin';
import { useEnumLabel } from '../common/enums.tsx';
import { useIntlLocale } from '../common/fields.tsx';
import type { Bilingual, PerLevel } from './types.ts';

const LEVELS = ['VILLAGE', 'TOWNSHIP', 'COUNTY', 'CITY', 'PROVINCE'] as const;

/** The text of a bilingual value in the console's language. */
export function useBilingual(): (value: Bilingual | null | undefined) => string {
  const [locale] = useLocaleState();
  return (value) => (value ? (locale === 'en' ? value.en : value.zh) : '');
}

/** 1,234 in the console's locale. */
export function useCount(): (n: number | null | undefined) => string {
  const locale = useIntlLocale();
  return (n) => (typeof n === 'number' ? new Intl.NumberFormat(locale).format(n) : '—');
}

/** A fraction as a percentage with two decimals: 0.02 → 2.00%. */
export function usePercent(): (x: number | null | undefined) => string {
  const locale = useIntlLocale();
  return (x) => (typeof x === 'number' && Number.isFinite(x) ? new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x) : '—');
}

/**
 * "done of total" with a bar and the percentage, e.g. households exited of candidates. Read by
 * screen readers as a progressbar with its value; `testId` marks it for the browser tests.
 */
export const ProgressBar = ({ done, total, label, testId }: { done: number; total: number; label: string; testId?: string }) => {
  const count = useCount();
  const percent = usePercent();
  const ratio = total > 0 ? Math.min(done / total, 1) : 0;
  return (
    <Box sx={{ minWidth: 140, maxWidth: 260 }} data-testid={testId} data-done={done} data-total={total}>
      <Stack direction="row" justifyContent="space-between" spacing={1}>
        <Typography variant="caption" color="text.secondary" noWrap>
          {label}
        </Typography>
        <Typography variant="caption" noWrap>
          {count(done)} / {count(total)}
          {total > 0 ? ` · ${percent(ratio)}` : ''}
        </Typography>
      </Stack>
      <LinearProgress variant="determinate" value={ratio * 100} aria-label={`${label} ${count(done)} / ${count(total)}`} sx={{ height: 6, borderRadius: 3 }} />
    </Box>
  );
};

/** Open tasks per level, the overdue ones in red: "村级 1（逾期 1）". Nothing open: "—". */
export const TaskLevels = ({ open, overdue, testId }: { open: PerLevel | undefined; overdue: PerLevel | undefined; testId?: string }) => {
  const translate = useTranslate();
  const label = useEnumLabel();
  const levels = LEVELS.filter((l) => (open?.[l] ?? 0) > 0);
  if (!levels.length) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid={testId}>
        {translate('app.exit.tasks.none')}
      </Typography>
    );
  }
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap" data-testid={testId}>
      {levels.map((l) => {
        const late = overdue?.[l] ?? 0;
        return (
          <Chip
            key={l}
            size="small"
            variant="outlined"
            color={late > 0 ? 'error' : 'default'}
            data-level={l}
            data-open={open?.[l] ?? 0}
            data-overdue={late}
            label={
              late > 0
                ? translate('app.exit.tasks.levelOverdue', { level: label('regionLevel', l), open: open?.[l] ?? 0, overdue: late })
                : translate('app.exit.tasks.level', { level: label('regionLevel', l), open: open?.[l] ?? 0 })
            }
          />
        );
      })}
    </Stack>
  );
};

type Tone = 'default' | 'info' | 'success' | 'warning' | 'error';

const TONES: Record<string, Tone> = {
  DONE: 'success',
  CANCELLED: 'default',
  EXITED: 'success',
  BLOCKED: 'error',
  REJECTED: 'error',
  REFUSED: 'error',
  OBJECTION_UPHELD: 'error',
  HELD: 'warning',
  NOT_ACKNOWLEDGED: 'warning',
  WITHDRAWN: 'default',
  CANDIDATE: 'info',
  NOT_CANDIDATE: 'default',
  NOT_BELOW_THRESHOLD: 'warning',
  RUNNING: 'info',
  COMPLETED: 'success',
  FAILED: 'error',
};

/** Text colours with at least 4.5:1 contrast on white (WCAG AA for small text); MUI's info and warning are lighter. */
const TONE_COLOR: Record<Tone, string | undefined> = {
  default: undefined,
  info: '#01579b',
  success: '#1b5e20',
  warning: '#8a4b00',
  error: '#b71c1c',
};

const toneSx = (value: string) => {
  const color = TONE_COLOR[TONES[value] ?? 'info'];
  return color ? { color, borderColor: color } : {};
};

/** A stage, outcome or household status by its translation (`app.exit.<group>.<VALUE>`); unknown values as sent. */
export const ExitChip = ({ group, value, testId }: { group: 'stage' | 'outcome' | 'householdStatus'; value: string | null | undefined; testId?: string }) => {
  const translate = useTranslate();
  if (!value) return <Typography variant="body2" color="text.secondary">—</Typography>;
  return <Chip size="small" variant="outlined" sx={toneSx(value)} label={translate(`app.exit.${group}.${value}`, { _: value })} data-testid={testId} data-value={value} />;
};

/** A cycle's status (RUNNING, COMPLETED, FAILED, CANCELLED) in the same readable colours. */
export const StatusChip = ({ value }: { value: string | null | undefined; label?: string; sortable?: boolean }) => {
  const label = useEnumLabel();
  if (!value) return null;
  return <Chip size="small" variant="outlined" sx={toneSx(value)} label={label('processStatus', value)} data-testid="cycle-status" data-value={value} />;
};

/** Pass / fail, in words and colour (never colour alone). */
export const PassChip = ({ pass, testId }: { pass: boolean; testId?: string }) => {
  const translate = useTranslate();
  return <Chip size="small" color={pass ? 'success' : 'error'} label={translate(pass ? 'app.exit.pass' : 'app.exit.fail')} data-testid={testId} data-pass={String(pass)} />;
};

/**
 * A table that scrolls inside its box on narrow screens instead of pushing the page wider. The
 * layout's flex containers let a wide table widen them (min-width: auto), so the box is also held
 * to the viewport less the page's padding and, from `md` up, the side menu.
 */
export const Scroll = ({ children }: { children: ReactNode }) => (
  <Box sx={{ width: '100%', maxWidth: { xs: 'calc(100vw - 56px)', md: 'calc(100vw - 300px)' }, overflowX: 'auto' }}>{children}</Box>
);

/** What to do next when there is nothing to show: an icon, a sentence, an optional action. */
export const EmptyState = ({ message, action, testId }: { message: string; action?: ReactNode; testId?: string }) => {
  const translate = useTranslate();
  return (
    <Stack alignItems="center" spacing={1} sx={{ py: 4, px: 2, color: 'text.secondary', textAlign: 'center' }} data-testid={testId ?? 'empty-state'}>
      <InboxIcon fontSize="large" />
      <Typography variant="body2">{translate(message)}</Typography>
      {action}
    </Stack>
  );
};
