/**
 * The typed fields a step asks its decider to fill in (`formSchema`, KIT-API.md), rendered
 * generically: text, textarea, number, boolean, select, date; required for the decisions in
 * `requiredFor` (default: every allowed decision); min/max as a number range or a text length;
 * a unit beside the value. Values live under `payload.<name>` of the decision form and are sent as
 * `payload`; the API validates them again (400 INVALID_INPUT names the fields).
 */
import { InputAdornment, Stack, Typography } from '@mui/material';
import {
  BooleanInput,
  DateInput,
  NumberInput,
  SelectInput,
  TextInput,
  maxLength,
  maxValue,
  minLength,
  minValue,
  number,
  useTranslate,
  type Validator,
} from 'react-admin';
import type { FormField } from '../types.ts';
import { fieldRequired, useTaskWording } from './wording.ts';

const requiredWhen =
  (isRequired: boolean): Validator =>
  (value: unknown) =>
    isRequired && (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
      ? 'ra.validation.required'
      : undefined;

function validatorsFor(field: FormField, isRequired: boolean): Validator[] {
  const validators: Validator[] = [requiredWhen(isRequired)];
  if (field.type === 'number') {
    validators.push(number());
    if (field.min !== undefined) validators.push(minValue(field.min));
    if (field.max !== undefined) validators.push(maxValue(field.max));
  }
  if (field.type === 'text' || field.type === 'textarea') {
    if (field.min !== undefined) validators.push(minLength(field.min));
    if (field.max !== undefined) validators.push(maxLength(field.max));
  }
  return validators;
}

/** The initial values of a form: booleans start as "no" (always answered), the rest empty. */
export function formDefaults(fields: FormField[] | null | undefined): Record<string, unknown> {
  return Object.fromEntries((fields ?? []).filter((f) => f.type === 'boolean').map((f) => [f.name, false]));
}

/** `payload` as sent: the schema's fields only, empty answers left out. */
export function payloadOf(fields: FormField[] | null | undefined, values: unknown): Record<string, unknown> | undefined {
  if (!fields?.length) return undefined;
  const source = typeof values === 'object' && values !== null ? (values as Record<string, unknown>) : {};
  const payload: Record<string, unknown> = {};
  for (const field of fields) {
    let value = source[field.name];
    if (typeof value === 'string') value = field.type === 'textarea' || field.type === 'text' ? value.trim() : value;
    if (value === undefined || value === null || value === '') continue;
    payload[field.name] = value;
  }
  return payload;
}

export const FormFields = ({ fields, decision, allowed }: { fields: FormField[]; decision: string | null; allowed: string[] }) => {
  const wording = useTaskWording();
  const translate = useTranslate();
  if (fields.length === 0) return null;
  return (
    <Stack sx={{ mt: 1 }} data-testid="task-form">
      <Typography variant="subtitle2" gutterBottom>
        {translate('app.task.formTitle')}
      </Typography>
      {fields.map((field) => {
        const isRequired = fieldRequired(field, decision, allowed);
        // a new key when the decision changes whether it is required (validation is read on mount)
        const key = `${field.name}-${isRequired ? 'required' : 'optional'}`;
        const common = {
          source: `payload.${field.name}`,
          label: wording.text(field.label) || field.name,
          validate: validatorsFor(field, isRequired),
          isRequired,
          fullWidth: true,
          'data-testid': `task-form-${field.name}`,
        };
        const unit = wording.text(field.unit);
        const adornment = unit ? { endAdornment: <InputAdornment position="end">{unit}</InputAdornment> } : undefined;
        switch (field.type) {
          case 'number':
            return <NumberInput key={key} {...common} min={field.min} max={field.max} InputProps={adornment} />;
          case 'boolean':
            return <BooleanInput key={key} {...common} />;
          case 'select':
            return (
              <SelectInput
                key={key}
                {...common}
                translateChoice={false}
                choices={(field.options ?? []).map((o) => ({ id: o.value, name: wording.text(o.label) || o.value }))}
              />
            );
          case 'date':
            return <DateInput key={key} {...common} />;
          case 'textarea':
            return <TextInput key={key} {...common} multiline minRows={2} InputProps={adornment} />;
          default:
            return <TextInput key={key} {...common} InputProps={adornment} />;
        }
      })}
    </Stack>
  );
};
