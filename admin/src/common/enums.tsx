/** Enum values shown through `enums.<group>.<VALUE>` translation keys (unknown values show as is). */
import { Chip, Typography, type ChipProps } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

export type EnumGroup =
  | 'role'
  | 'regionLevel'
  | 'householdStatus'
  | 'povertyCause'
  | 'relation'
  | 'gender'
  | 'valueSource'
  | 'ledgerKind'
  | 'requestStatus'
  | 'cadrePosition'
  | 'assignmentKind'
  | 'caseKind'
  | 'processStatus'
  | 'taskStatus'
  | 'decision'
  | 'auditOutcome'
  | 'notificationKind'
  | 'subjectType'
  | 'auditAction'
  | 'auditTarget';

export function useEnumLabel(): (group: EnumGroup, value: unknown) => string {
  const translate = useTranslate();
  return (group, value) => {
    if (value === null || value === undefined || value === '') return '';
    const text = String(value);
    return translate(`enums.${group}.${text}`, { _: text });
  };
}

/** Choices for a SelectInput: names are translation keys, which the input translates. */
export function enumChoices(group: EnumGroup, values: readonly string[]): { id: string; name: string }[] {
  return values.map((value) => ({ id: value, name: `enums.${group}.${value}` }));
}

type ChipColor = NonNullable<ChipProps['color']>;

/** Colours of the status-like values. */
const COLORS: Record<string, ChipColor> = {
  POOR: 'warning',
  EXITED: 'success',
  OPEN: 'info',
  DONE: 'default',
  APPROVE: 'success',
  APPROVED: 'success',
  REJECT: 'error',
  REJECTED: 'error',
  RETURN: 'warning',
  PENDING: 'info',
  CANCELLED: 'default',
  RUNNING: 'info',
  COMPLETED: 'success',
  FAILED: 'error',
  SUCCESS: 'success',
  DENIED: 'error',
  REGISTERED: 'warning',
  RETURNED: 'error',
  REMINDER: 'info',
  ESCALATION: 'error',
};

export interface EnumFieldProps {
  source: string;
  group: EnumGroup;
  chip?: boolean;
  label?: string;
  sortable?: boolean;
}

function readPath(record: unknown, source: string): unknown {
  return source.split('.').reduce<unknown>((value, key) => {
    if (typeof value !== 'object' || value === null) return undefined;
    return (value as Record<string, unknown>)[key];
  }, record);
}

export const EnumField = ({ source, group, chip = false }: EnumFieldProps) => {
  const record = useRecordContext();
  const label = useEnumLabel();
  const value = readPath(record, source);
  if (value === null || value === undefined || value === '') return null;
  const text = label(group, value);
  if (chip) {
    return <Chip size="small" variant="outlined" color={COLORS[String(value)] ?? 'default'} label={text} />;
  }
  return (
    <Typography component="span" variant="body2">
      {text}
    </Typography>
  );
};

export { readPath };
