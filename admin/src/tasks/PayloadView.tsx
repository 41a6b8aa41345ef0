/**
 * What the decider filled in (`payload` of a decided task), worded by the step's `formSchema`:
 * each field's label, a select's option label, yes/no, a unit beside a number. Values the schema
 * does not name (or a task without a schema) are shown as the readable JSON view.
 */
import { Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { useIntlLocale } from '../common/fields.tsx';
import { JsonView } from '../common/JsonView.tsx';
import type { FormField, Task } from '../types.ts';
import { useTaskWording } from './wording.ts';

const FieldValue = ({ field, value }: { field: FormField; value: unknown }) => {
  const translate = useTranslate();
  const wording = useTaskWording();
  const locales = useIntlLocale();
  if (value === undefined || value === null || value === '') return <span>—</span>;
  const unit = wording.text(field.unit);
  switch (field.type) {
    case 'boolean':
      return <span>{translate(value === true ? 'ra.boolean.true' : 'ra.boolean.false')}</span>;
    case 'select': {
      const option = field.options?.find((o) => o.value === value);
      return <span>{option ? wording.text(option.label) || option.value : String(value)}</span>;
    }
    case 'number':
      return <span>{typeof value === 'number' ? new Intl.NumberFormat(locales).format(value) : String(value)}{unit ? ` ${unit}` : ''}</span>;
    case 'date': {
      // a date field holds a calendar day (YYYY-MM-DD): shown as that day, whatever the time zone
      const date = typeof value === 'string' ? new Date(value) : null;
      return <span>{date && !Number.isNaN(date.getTime()) ? date.toLocaleDateString(locales, { timeZone: 'UTC' }) : String(value)}</span>;
    }
    default:
      return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}{unit ? ` ${unit}` : ''}</span>;
  }
};

export const PayloadView = () => {
  const record = useRecordContext<Task>();
  const wording = useTaskWording();
  const payload = record?.payload;
  if (!record || !payload || typeof payload !== 'object' || Object.keys(payload).length === 0) return null;
  const fields = record.formSchema ?? [];
  const named = new Set(fields.map((f) => f.name));
  const rest = Object.fromEntries(Object.entries(payload).filter(([key]) => !named.has(key)));
  return (
    <>
      {fields.length > 0 ? (
        <Table size="small" sx={{ width: 'auto', mb: 1 }} data-testid="task-payload">
          <TableBody>
            {fields.map((field) => (
              <TableRow key={field.name} data-field={field.name}>
                <TableCell component="th" sx={{ color: 'text.secondary', pl: 0 }}>
                  {wording.text(field.label) || field.name}
                </TableCell>
                <TableCell>
                  <FieldValue field={field} value={payload[field.name]} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {Object.keys(rest).length > 0 ? <JsonView value={rest} testId={fields.length ? 'task-payload-rest' : 'task-payload'} /> : null}
    </>
  );
};
