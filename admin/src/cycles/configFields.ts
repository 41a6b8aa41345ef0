/**
 * The launch form's view of the exit-verification config (docs/exit-verification-config.md): the
 * editable fields by group with their kind (which sets the unit shown and the wording of a problem),
 * and the edit sent to the API — only the fields that differ from the config in force.
 */
import { MIN_NOTICE_PERIOD, type ExitVerificationConfig } from '../../../rules/exit-verification/config.ts';

export type FieldKind = 'rate' | 'notice' | 'duration' | 'count' | 'villages' | 'yuan' | 'years' | 'months' | 'boolean' | 'timeUnit';

export interface FieldDef {
  /** dotted path in the config, e.g. incidence.village.default */
  path: string;
  kind: FieldKind;
}

export interface FieldGroup {
  key: string;
  fields: FieldDef[];
}

const f = (path: string, kind: FieldKind): FieldDef => ({ path, kind });

export const CONFIG_GROUPS: FieldGroup[] = [
  { key: 'general', fields: [f('timeUnit', 'timeUnit')] },
  { key: 'household', fields: [f('household.povertyLine', 'yuan'), f('household.countSafeDrinkingWater', 'boolean')] },
  {
    key: 'incidence',
    fields: [f('incidence.village.default', 'rate'), f('incidence.village.western', 'rate'), f('incidence.county.default', 'rate'), f('incidence.county.western', 'rate')],
  },
  { key: 'noticePeriods', fields: [f('noticePeriods.household', 'notice'), f('noticePeriods.village', 'notice'), f('noticePeriods.county', 'notice')] },
  {
    key: 'taskDue',
    fields: [
      'villageProposal',
      'householdAcknowledgement',
      'townshipCheck',
      'countyApproval',
      'cityReview',
      'provinceVerification',
      'thirdPartySurvey',
      'countyDispute',
      'objectionReverification',
      'escalateAfter',
    ].map((k) => f(`taskDue.${k}`, 'duration')),
  },
  { key: 'sample', fields: [f('sample.default.householdsInRegister', 'count'), f('sample.default.householdsOutsideRegister', 'count'), f('sample.default.villages', 'villages')] },
  { key: 'countyTests', fields: [f('countyTests.wrongExitRateBelow', 'rate'), f('countyTests.missedRateBelow', 'rate'), f('countyTests.recognitionAtLeast', 'rate')] },
  { key: 'afterExit', fields: [f('afterExit.countyPolicyYears', 'years'), f('afterExit.householdBenefitMonths', 'months')] },
];

export const ALL_FIELDS = CONFIG_GROUPS.flatMap((g) => g.fields);

/** The form's text of every field: numbers as typed, booleans and the time unit as they are. */
export type FormValues = Record<string, string | boolean>;

export interface OverrideRow {
  prefix: string;
  village: string;
  county: string;
  note: string;
}

/** A county's own sample sizes (sample.perCounty): blank = the default size. */
export interface PerCountyRow {
  county: string;
  householdsInRegister: string;
  householdsOutsideRegister: string;
  villages: string;
}

export const SAMPLE_KEYS = ['householdsInRegister', 'householdsOutsideRegister', 'villages'] as const;
export type SampleKey = (typeof SAMPLE_KEYS)[number];

export function read(config: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), config);
}

export function valuesOf(config: ExitVerificationConfig): FormValues {
  const out: FormValues = {};
  for (const field of ALL_FIELDS) {
    const v = read(config, field.path);
    out[field.path] = typeof v === 'boolean' ? v : v === undefined || v === null ? '' : String(v);
  }
  return out;
}

export function overridesOf(config: ExitVerificationConfig): OverrideRow[] {
  return config.incidence.regionOverrides.map((o) => ({ prefix: o.prefix, village: o.village === undefined ? '' : String(o.village), county: o.county === undefined ? '' : String(o.county), note: o.note ?? '' }));
}

export function perCountyOf(config: ExitVerificationConfig): PerCountyRow[] {
  return Object.entries(config.sample.perCounty)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([county, sizes]) => ({ county, ...(Object.fromEntries(SAMPLE_KEYS.map((k) => [k, sizes[k] === undefined ? '' : String(sizes[k])])) as Record<SampleKey, string>) }));
}

/**
 * The edit of `sample.perCounty`: each county's sizes that differ from the config in force. The
 * API merges an edit onto that config and cannot delete a key, so a size cleared (or a county
 * removed) that the config in force sets is sent as the default size, which is what a blank means.
 */
function perCountyEdit(base: ExitVerificationConfig, rows: PerCountyRow[]): Record<string, Record<string, unknown>> | null {
  const wanted = new Map<string, PerCountyRow>();
  for (const row of rows) if (row.county.trim() !== '' && !wanted.has(row.county.trim())) wanted.set(row.county.trim(), row);
  const edit: Record<string, Record<string, unknown>> = {};
  for (const county of new Set([...Object.keys(base.sample.perCounty), ...wanted.keys()])) {
    const before = base.sample.perCounty[county] ?? {};
    const row = wanted.get(county);
    const sizes: Record<string, unknown> = {};
    for (const key of SAMPLE_KEYS) {
      const text = row?.[key].trim() ?? '';
      const value = text !== '' ? numberOrText(text) : before[key] !== undefined ? base.sample.default[key] : undefined;
      if (value !== undefined && value !== before[key]) sizes[key] = value;
    }
    if (Object.keys(sizes).length > 0 || (row && !(county in base.sample.perCounty))) edit[county] = sizes;
  }
  return Object.keys(edit).length ? edit : null;
}

/** A typed number, or the text itself when it is not one (the API then names the field). */
function numberOrText(text: string): number | string {
  const t = text.trim();
  if (t === '') return t;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function set(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** The office's edit: the fields that differ from the config in force (a deep partial, as POST /api/cycles takes it). */
export function editOf(base: ExitVerificationConfig, values: FormValues, overrides: OverrideRow[], perCounty: PerCountyRow[] = perCountyOf(base)): Record<string, unknown> {
  const edit: Record<string, unknown> = {};
  for (const field of ALL_FIELDS) {
    const raw = values[field.path];
    const value = typeof raw === 'boolean' || field.kind === 'timeUnit' ? raw : numberOrText(raw ?? '');
    if (value !== read(base, field.path)) set(edit, field.path, value);
  }
  const rows = overrides.map((o) => ({
    prefix: o.prefix.trim(),
    ...(o.village.trim() !== '' ? { village: numberOrText(o.village) } : {}),
    ...(o.county.trim() !== '' ? { county: numberOrText(o.county) } : {}),
    ...(o.note.trim() !== '' ? { note: o.note.trim() } : {}),
  }));
  if (JSON.stringify(rows) !== JSON.stringify(base.incidence.regionOverrides)) set(edit, 'incidence.regionOverrides', rows);
  const counties = perCountyEdit(base, perCounty);
  if (counties) set(edit, 'sample.perCounty', counties);
  return edit;
}

/** A problem in the user's language for a field of this kind and this text: [translation key, arguments], or null. */
export function localProblem(kind: FieldKind | 'prefix' | 'county', text: string): [string, Record<string, unknown>] | null {
  if (kind === 'boolean' || kind === 'timeUnit') return null;
  const t = text.trim();
  if (kind === 'county') return /^\d{6}$/.test(t) ? null : ['app.exit.config.problems.county', {}];
  if (kind === 'prefix') return /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(t) ? null : ['app.exit.config.problems.prefix', {}];
  const n = Number(t);
  if (t === '' || !Number.isFinite(n)) return ['app.exit.config.problems.number', {}];
  switch (kind) {
    case 'rate':
      if (n > 1) return ['app.exit.config.problems.rateAboveOne', { percent: t }];
      if (n <= 0) return ['app.exit.config.problems.ratePositive', {}];
      return null;
    case 'notice':
      if (n < MIN_NOTICE_PERIOD) return ['app.exit.config.problems.noticeMin', { min: MIN_NOTICE_PERIOD }];
      if (n > 3650) return ['app.exit.config.problems.durationMax', {}];
      return null;
    case 'duration':
      if (n <= 0) return ['app.exit.config.problems.positive', {}];
      if (n > 3650) return ['app.exit.config.problems.durationMax', {}];
      return null;
    case 'count':
    case 'villages':
      if (!Number.isInteger(n)) return ['app.exit.config.problems.whole', {}];
      if (n < 0 || n > 1_000_000) return ['app.exit.config.problems.range', { min: 0, max: '1,000,000' }];
      return null;
    case 'yuan':
      if (n <= 0) return ['app.exit.config.problems.positive', {}];
      if (n > 100_000) return ['app.exit.config.problems.range', { min: 0, max: '100,000' }];
      return null;
    case 'years':
      if (!Number.isInteger(n)) return ['app.exit.config.problems.whole', {}];
      if (n < 0 || n > 20) return ['app.exit.config.problems.range', { min: 0, max: 20 }];
      return null;
    case 'months':
      if (!Number.isInteger(n)) return ['app.exit.config.problems.whole', {}];
      if (n < 0 || n > 240) return ['app.exit.config.problems.range', { min: 0, max: 240 }];
      return null;
  }
}

/** "body.config.incidence.village.default" / "config.x" / "x" → "x". */
export function configField(field: string): string {
  return field.replace(/^body\./, '').replace(/^config\./, '');
}

/** A config problem as the API sends it (rules/config-kit.ts ConfigIssue). */
export interface ConfigIssue {
  field: string;
  message: string;
  rule?: string;
  params?: Record<string, unknown>;
}

/** The issues of an INVALID_CONFIG / INVALID_INPUT answer's details, their fields without the body prefix. */
export function configIssues(details: unknown): ConfigIssue[] | null {
  if (!Array.isArray(details)) return null;
  return details
    .filter((d): d is ConfigIssue => typeof d === 'object' && d !== null && typeof (d as ConfigIssue).field === 'string')
    .map((d) => ({ field: configField(d.field), message: String(d.message ?? ''), rule: typeof d.rule === 'string' ? d.rule : undefined, params: typeof d.params === 'object' && d.params !== null ? d.params : undefined }));
}

/**
 * An API problem worded in the user's language from the rule it names (`app.exit.config.problems.*`):
 * a key and its values, or null for a rule the console has no wording for (the caller then shows
 * the API's sentence without its field prefix).
 */
export function issueWords(issue: ConfigIssue): [string, Record<string, unknown>] | null {
  const p = issue.params ?? {};
  const key = (name: string, args: Record<string, unknown> = {}): [string, Record<string, unknown>] => [`app.exit.config.problems.${name}`, args];
  switch (issue.rule) {
    case 'NUMBER':
      return key('number');
    case 'WHOLE':
      return key('whole');
    case 'MIN':
      return key(p.inclusive === false ? 'above' : 'atLeast', { min: Number(p.min).toLocaleString() });
    case 'MAX':
      return key(p.inclusive === false ? 'below' : 'atMost', { max: Number(p.max).toLocaleString() });
    case 'FORMAT':
      return key(/^(annualPlan|sample\.perCounty)\b/.test(issue.field) ? 'county' : 'format');
    case 'UNKNOWN_FIELD':
      return key('unknownField');
    case 'WEIGHTS_TOTAL':
      return key('weightsTotal', { total: p.total, expected: p.expected });
    case 'YEAR_MISMATCH':
      return key('yearMismatch', { configYear: p.configYear, cycleYear: p.cycleYear });
    default:
      return null;
  }
}

/** The sentence for an issue: worded by its rule, else the API's own without its field prefix. */
export function issueText(issue: ConfigIssue, translate: (key: string, args?: Record<string, unknown>) => string): string {
  const words = issueWords(issue);
  return words ? translate(words[0], words[1]) : issue.message.replace(/^[\w.[\]()-]+: /, '');
}
