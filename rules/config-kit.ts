/**
 * What every process's versioned config shares (the yearly exit verification's, the county
 * assessment's): the time unit that compresses days for demos, the field validators, the office's
 * partial edit merged onto a base, and issues that name their field. Pure (no Node built-ins).
 */
import { z } from 'zod';

/**
 * Workflow durations are counts of this unit. `day` is the production unit. `minute` and `second`
 * compress a day into a minute or a second for demos and browser tests while keeping every
 * proportion (a 7-day notice becomes 7 minutes); time-skipping tests can keep `day`.
 * Fractional counts are allowed (0.5 day = 12 hours).
 */
export const TIME_UNITS = ['day', 'minute', 'second'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
const UNIT_MS: Record<TimeUnit, number> = { day: 86_400_000, minute: 60_000, second: 1_000 };

/** Milliseconds of `amount` time units, for Temporal timers and task due dates. */
export function durationMs(config: { timeUnit: TimeUnit }, amount: number): number {
  return Math.round(amount * UNIT_MS[config.timeUnit]);
}

/** A public notice (公示) lasts at least this many units, whatever the unit: objections need time. */
export const MIN_NOTICE_PERIOD = 7;

// Field validators. Messages never repeat the field: every issue is reported as `<field path>: <message>`.
const RATE_HINT = '(a rate as a fraction: 2% is 0.02)';
/** a rate above 0 and at most 1 */
export const rate = () =>
  z
    .number({ error: `must be a number ${RATE_HINT}` })
    .gt(0, `must be above 0 ${RATE_HINT}`)
    .max(1, `must be at most 1 (a rate as a fraction: 2% is 0.02, not 2)`);
/** a count of time units, above 0 and at most 3,650 */
export const duration = () => z.number({ error: 'must be a number of time units' }).positive('must be more than 0 time units').max(3650, 'must be at most 3650 time units');
/** a notice period: a duration of at least MIN_NOTICE_PERIOD units */
export const noticePeriod = () => duration().min(MIN_NOTICE_PERIOD, `a public notice (公示) lasts at least ${MIN_NOTICE_PERIOD} time units (7 days in production)`);
/** a whole number from 0 to 1,000,000 */
export const count = () => z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000, 'must be at most 1,000,000');

/** Deep partial: what an office edit may contain. */
export type DeepPartial<T> = T extends readonly (infer _U)[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * One validation problem, naming the field by its dotted path (e.g. `incidence.village.default`),
 * with the rule it breaks and that rule's values, so a console words it in its user's language:
 * NUMBER, WHOLE, MIN / MAX (`min` / `max`, `inclusive`), FORMAT, UNKNOWN_FIELD, or a rule of the
 * config's own (e.g. WEIGHTS_TOTAL with `total` and `expected`). `message` is the English sentence.
 */
export interface ConfigIssue {
  field: string;
  message: string;
  rule?: string;
  params?: Record<string, unknown>;
}

/** The rule a zod issue stands for, with its values (see ConfigIssue). */
function ruleOf(issue: z.core.$ZodIssue): Pick<ConfigIssue, 'rule' | 'params'> {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? { rule: 'WHOLE' } : issue.expected === 'number' ? { rule: 'NUMBER' } : { rule: 'TYPE', params: { expected: issue.expected } };
    case 'too_small':
      return { rule: 'MIN', params: { min: Number(issue.minimum), inclusive: issue.inclusive !== false } };
    case 'too_big':
      return { rule: 'MAX', params: { max: Number(issue.maximum), inclusive: issue.inclusive !== false } };
    case 'invalid_format':
    case 'invalid_key':
      return { rule: 'FORMAT' };
    case 'invalid_value':
      return { rule: 'ONE_OF', params: { values: issue.values.map(String) } };
    case 'custom': {
      const { rule, ...params } = (issue.params ?? {}) as { rule?: string };
      return rule ? { rule, params } : {};
    }
    default:
      return {};
  }
}
export type ParsedConfig<T> = { ok: true; config: T } | { ok: false; issues: ConfigIssue[] };

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? '(config)' : path.map(String).join('.');
}

/** zod issues → issues that name the field; an unknown key is reported at its own path. */
function toIssues(error: z.ZodError): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ field: fieldOf([...issue.path, key]), message: `${fieldOf([...issue.path, key])}: unknown field`, rule: 'UNKNOWN_FIELD' });
    } else if (issue.code === 'invalid_key') {
      issues.push({ field: fieldOf(issue.path), message: `${fieldOf(issue.path)}: ${issue.issues[0]?.message ?? issue.message}`, rule: 'FORMAT' });
    } else {
      const field = fieldOf(issue.path);
      issues.push({ field, message: `${field}: ${issue.message}`, ...ruleOf(issue) });
    }
  }
  return issues;
}

/** Validates a config (e.g. Cycle.config read back from the database) against its schema. */
export function parseConfig<S extends z.ZodType>(schema: S, body: unknown): ParsedConfig<z.infer<S>> {
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, issues: toIssues(parsed.error) };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * Objects merge key by key, recursively; arrays and scalars in the edit replace the base's value
 * whole (so `regionOverrides: []` clears the list); `undefined` keeps the base's value. `null` is
 * kept, so the schema reports it against its field. Unknown keys are kept, so the schema reports them.
 */
function deepMerge(base: unknown, edit: unknown, path: string[], issues: ConfigIssue[]): unknown {
  if (edit === undefined) return base;
  if (!isPlainObject(edit) || !isPlainObject(base)) return edit;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(edit)) {
    if (FORBIDDEN_KEYS.has(key)) {
      issues.push({ field: fieldOf([...path, key]), message: `${fieldOf([...path, key])}: forbidden field name`, rule: 'UNKNOWN_FIELD' });
      continue;
    }
    out[key] = deepMerge(base[key], value, [...path, key], issues);
  }
  return out;
}

/**
 * Applies an office's partial edit (a deep partial, untrusted JSON) onto a base config (usually the
 * year's default or the previous version) and validates the result against `schema`. The version is
 * the base's plus one unless the edit sets it. Every problem names its field.
 */
export function mergeConfig<S extends z.ZodType<{ version: number }>>(schema: S, base: z.infer<S>, edit: unknown): ParsedConfig<z.infer<S>> {
  if (edit !== undefined && !isPlainObject(edit)) return { ok: false, issues: [{ field: '(config)', message: '(config): an edit must be a JSON object' }] };
  const issues: ConfigIssue[] = [];
  const merged = deepMerge(base, edit ?? {}, [], issues) as Record<string, unknown>;
  if (edit === undefined || !('version' in edit)) merged.version = base.version + 1;
  const result = parseConfig(schema, merged);
  if (result.ok && issues.length === 0) return result;
  return { ok: false, issues: [...issues, ...(result.ok ? [] : result.issues)] };
}
