import { Chip, Typography } from '@mui/material';
import { DateField, useLocaleState, useRecordContext, useTranslate, type DateFieldProps } from 'react-admin';
import type { Household } from '../types.ts';
import { useEnumLabel, readPath } from './enums.tsx';

/** Intl locale of the console's locale. */
export function useIntlLocale(): string {
  const [locale] = useLocaleState();
  return locale === 'en' ? 'en-GB' : 'zh-CN';
}

/** A date (or date and time) formatted in the console's locale. */
export const LocalDateField = (props: DateFieldProps) => {
  const locales = useIntlLocale();
  return <DateField locales={locales} {...props} />;
};

export const LocalDateTimeField = (props: DateFieldProps) => {
  const locales = useIntlLocale();
  return (
    <DateField
      locales={locales}
      showTime
      options={{ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }}
      {...props}
    />
  );
};

/** Yuan amounts: 3,218 元 / ¥3,218. */
export const YuanField = ({ source }: { source: string; label?: string; sortable?: boolean }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const locales = useIntlLocale();
  const value = readPath(record, source);
  if (typeof value !== 'number') return null;
  const amount = new Intl.NumberFormat(locales, { maximumFractionDigits: 0 }).format(value);
  return (
    <Typography component="span" variant="body2">
      {translate('app.common.yuan', { amount })}
    </Typography>
  );
};

/**
 * The household's register status. Always carries `data-testid="household-status"` and
 * `data-status="POOR|EXITED"` (the browser journeys read them).
 */
export const HouseholdStatusField = (_props: { label?: string; sortable?: boolean }) => {
  const record = useRecordContext<Household>();
  const label = useEnumLabel();
  if (!record) return null;
  return (
    <Chip
      size="small"
      color={record.status === 'EXITED' ? 'success' : 'warning'}
      label={label('householdStatus', record.status)}
      data-testid="household-status"
      data-status={record.status}
    />
  );
};

/** 贫困县 / 贫困村 chip (poor county or village), nothing otherwise. */
export const PoorRegionChip = (_props: { label?: string }) => {
  const record = useRecordContext<{ isPoor?: boolean; level?: string; exitYear?: number | null }>();
  const translate = useTranslate();
  if (!record?.isPoor) return null;
  const key = record.level === 'VILLAGE' ? 'app.region.poorVillage' : record.level === 'COUNTY' ? 'app.region.poorCounty' : 'app.region.poor';
  const exited = typeof record.exitYear === 'number';
  return <Chip size="small" variant="outlined" color={exited ? 'success' : 'warning'} label={translate(key)} />;
};

/** Yes / no shown as text (readable in tables and in both languages). */
export const YesNoField = ({ source }: { source: string; label?: string; sortable?: boolean }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = readPath(record, source);
  if (typeof value !== 'boolean') return null;
  return (
    <Typography component="span" variant="body2" color={value ? 'text.primary' : 'text.secondary'}>
      {translate(value ? 'ra.boolean.true' : 'ra.boolean.false')}
    </Typography>
  );
};

/** A guarantee (两不愁三保障): ✓ guaranteed / ✗ not guaranteed. */
export const GuaranteeField = ({ source }: { source: string; label?: string; sortable?: boolean }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = readPath(record, source);
  if (typeof value !== 'boolean') return null;
  return (
    <Typography component="span" variant="body2" color={value ? 'success.main' : 'error.main'} sx={{ whiteSpace: 'nowrap' }}>
      {value ? '✓ ' : '✗ '}
      {translate(value ? 'app.common.guaranteed' : 'app.common.notGuaranteed')}
    </Typography>
  );
};

/** The income of the household's listed year (`record`): "3,560 元（2019）". */
export const RecordIncomeField = (_props: { label?: string }) => {
  const record = useRecordContext<Household>();
  const translate = useTranslate();
  const locales = useIntlLocale();
  const year = record?.record;
  if (!year || typeof year.incomePerCapita !== 'number') return null;
  const amount = new Intl.NumberFormat(locales, { maximumFractionDigits: 0 }).format(year.incomePerCapita);
  return (
    <Typography component="span" variant="body2" noWrap>
      {translate('app.common.yuanInYear', { amount, year: year.year })}
    </Typography>
  );
};
