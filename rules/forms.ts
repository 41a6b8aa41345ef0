/**
 * The typed form of a human step (审核环节表单): the fields a decider fills in beside the decision
 * (a score, a finding, an uploaded file's id). A step declares its form; the task row carries it, the
 * console renders it, and the API and the workflow's update validator check the payload against it
 * with the same function. Pure: used by workflows, activities, the API and the console.
 */
import { z } from 'zod';
import type { Decision } from './enums.ts';

export interface Wording {
  zh: string;
  en: string;
}

export type FormFieldType = 'text' | 'textarea' | 'number' | 'boolean' | 'select' | 'date';

export interface FormField {
  /** key in the payload */
  name: string;
  type: FormFieldType;
  label: Wording;
  /** required for the decisions in `requiredFor` (all decisions when absent) */
  required?: boolean;
  requiredFor?: Decision[];
  /** number range, or length of a text */
  min?: number;
  max?: number;
  options?: { value: string; label: Wording }[];
  unit?: Wording;
}

export type FormSchema = FormField[];
export type FormPayload = Record<string, string | number | boolean>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 2016-02-30 is not a date: the day must exist in its month. */
function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

/** Longest text a form field accepts when the step sets no `max`. */
export const FORM_TEXT_MAX = 2000;

function fieldSchema(f: FormField): z.ZodType {
  switch (f.type) {
    case 'text':
    case 'textarea': {
      let s = z.string().trim().max(f.max ?? FORM_TEXT_MAX);
      if (f.min !== undefined) s = s.min(f.min);
      return s;
    }
    case 'number': {
      let n = z.number().finite();
      if (f.min !== undefined) n = n.min(f.min);
      if (f.max !== undefined) n = n.max(f.max);
      return n;
    }
    case 'boolean':
      return z.boolean();
    case 'select':
      return z.enum((f.options ?? []).map((o) => o.value) as [string, ...string[]]);
    case 'date':
      // a plain check: z.iso.date() misbehaves inside the workflow sandbox's bundle (it reports
      // "expected date, received string" for a valid date there), and the same function runs in both
      return z.string().regex(ISO_DATE, 'must be a date YYYY-MM-DD').refine(isCalendarDate, 'must be a calendar date');
  }
}

/** The zod schema of a payload for this form and decision: unknown keys are refused. */
export function payloadSchema(form: FormSchema | null | undefined, decision: Decision) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of form ?? []) {
    const required = f.required === true && (!f.requiredFor || f.requiredFor.includes(decision));
    shape[f.name] = required ? fieldSchema(f) : fieldSchema(f).optional();
  }
  return z.object(shape).strict();
}

export interface PayloadIssue {
  field: string;
  message: string;
}

/** Checks a payload; returns the parsed values, or the issues naming each field. */
export function validatePayload(
  form: FormSchema | null | undefined,
  decision: Decision,
  payload: unknown,
): { ok: true; value: FormPayload } | { ok: false; issues: PayloadIssue[] } {
  const result = payloadSchema(form, decision).safeParse(payload ?? {});
  if (result.success) return { ok: true, value: result.data as FormPayload };
  return { ok: false, issues: result.error.issues.map((i) => ({ field: ['payload', ...i.path.map(String)].join('.'), message: i.message })) };
}
