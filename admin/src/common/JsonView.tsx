/**
 * Readable key/value view of a JSON value (a task's snapshot, an audit event's details).
 * Keys are translated through `app.jsonKeys.<key>` when known and shown as is otherwise.
 */
import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useEnumLabel, type EnumGroup } from './enums.tsx';
import { useIntlLocale } from './fields.tsx';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Keys whose values are enum values of the data model, shown translated. */
const ENUM_KEYS: Record<string, EnumGroup> = {
  status: 'householdStatus',
  relation: 'relation',
  gender: 'gender',
  povertyCause: 'povertyCause',
  level: 'regionLevel',
  decision: 'decision',
  role: 'role',
  assignedRole: 'role',
  actorRole: 'role',
  source: 'valueSource',
  position: 'cadrePosition',
  outcome: 'auditOutcome',
  subjectType: 'subjectType',
  // a case's kind (约谈 / 召回 / 奖励) in a cadre step's snapshot
  kind: 'caseKind',
};

const Scalar = ({ value, enumGroup }: { value: Json; enumGroup?: EnumGroup }) => {
  const translate = useTranslate();
  const locales = useIntlLocale();
  const enumLabel = useEnumLabel();
  if (enumGroup && typeof value === 'string') return <span title={value}>{enumLabel(enumGroup, value)}</span>;
  if (value === null) return <Typography component="span" color="text.secondary">—</Typography>;
  if (typeof value === 'boolean') return <span>{translate(value ? 'ra.boolean.true' : 'ra.boolean.false')}</span>;
  if (typeof value === 'string' && ISO_DATE.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return <span title={value}>{date.toLocaleString(locales)}</span>;
  }
  return <span>{String(value)}</span>;
};

const Value = ({ value, depth, name }: { value: Json; depth: number; name?: string }) => {
  const translate = useTranslate();
  if (Array.isArray(value)) {
    if (value.length === 0) return <Typography component="span" color="text.secondary">{translate('app.common.empty')}</Typography>;
    if (value.every(isPlainObject)) {
      const columns = [...new Set(value.flatMap((row) => Object.keys(row)))];
      return (
        <Table size="small" sx={{ width: 'auto' }}>
          <TableHead>
            <TableRow>
              {columns.map((column) => (
                <TableCell key={column}>{translate(`app.jsonKeys.${column}`, { _: column })}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {value.map((row, index) => (
              <TableRow key={index}>
                {columns.map((column) => (
                  <TableCell key={column}>
                    <Value value={row[column] ?? null} depth={depth + 1} name={column} />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      );
    }
    return (
      <span>
        {value.map((item, index) => (
          <span key={index}>
            {index > 0 ? '、' : null}
            <Value value={item} depth={depth + 1} name={name} />
          </span>
        ))}
      </span>
    );
  }
  if (isPlainObject(value)) return <KeyValues value={value} depth={depth + 1} />;
  return <Scalar value={value} enumGroup={name ? ENUM_KEYS[name] : undefined} />;
};

const KeyValues = ({ value, depth }: { value: { [key: string]: Json }; depth: number }) => {
  const translate = useTranslate();
  const entries = Object.entries(value);
  if (entries.length === 0) return <Typography component="span" color="text.secondary">{translate('app.common.empty')}</Typography>;
  return (
    <Box
      component="dl"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'minmax(8em, max-content) 1fr',
        columnGap: 2,
        rowGap: 0.5,
        m: 0,
        pl: depth > 0 ? 2 : 0,
        borderLeft: depth > 0 ? 1 : 0,
        borderColor: 'divider',
      }}
    >
      {entries.map(([key, item]) => (
        <Box key={key} sx={{ display: 'contents' }}>
          <Box component="dt" sx={{ color: 'text.secondary', fontSize: '0.875rem' }} title={key}>
            {translate(`app.jsonKeys.${key}`, { _: key })}
          </Box>
          <Box component="dd" sx={{ m: 0, fontSize: '0.875rem', wordBreak: 'break-word' }}>
            <Value value={item} depth={depth} name={key} />
          </Box>
        </Box>
      ))}
    </Box>
  );
};

export const JsonView = ({ value, testId }: { value: unknown; testId?: string }) => {
  const translate = useTranslate();
  if (value === undefined || value === null) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid={testId}>
        {translate('app.common.none')}
      </Typography>
    );
  }
  return (
    <Box data-testid={testId}>
      {isPlainObject(value) ? <KeyValues value={value} depth={0} /> : <Value value={value as Json} depth={0} />}
    </Box>
  );
};
