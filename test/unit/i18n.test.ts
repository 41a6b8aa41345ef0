/**
 * The console's two languages: the same keys, the same placeholders, every react-admin 5 message
 * translated, every enum value of the data model translated, every error code the API answers
 * worded, and every key the console's source names present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import englishPack from 'ra-language-english';
import { describe, expect, it } from 'vitest';
import en from '../../admin/src/i18n/en.ts';
import zh from '../../admin/src/i18n/zh.ts';
import * as model from '../../admin/src/types.ts';
import * as prismaEnums from '../../generated/sqlite/enums.ts';
import { DOMAIN_ERROR_TYPES } from '../../rules/domain-errors.ts';
import { CSV_ROW_ERROR_CODES } from '../../rules/exit-verification/csv-errors.ts';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of leaves(value, full)) out.set(k, v);
  }
  return out;
}

const placeholders = (message: string) => [...new Set(message.match(/%\{\w+\}/g) ?? [])].sort();

const repo = path.resolve(import.meta.dirname, '../..');

/** Every .ts file under the given folders of the repository (those that exist). */
function sources(...folders: string[]): string[] {
  return folders
    .map((folder) => path.join(repo, folder))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f)));
}

/** The error codes the API can answer: written in its routes and helpers, and the workflows' domain errors. */
function apiErrorCodes(): string[] {
  const patterns = [
    /new HttpError\(\s*\d+,\s*'([A-Z_]+)'/g,
    /(?:conflict|unprocessable|forbidden\w*|httpError)\(\s*'([A-Z_]+)'/g,
    /errorBody\(\s*'([A-Z_]+)'/g,
    /\bcode:\s*'([A-Z][A-Z_]+)'/g,
  ];
  const codes = new Set<string>(DOMAIN_ERROR_TYPES);
  for (const file of sources('api', 'lib')) {
    const source = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const match of source.matchAll(pattern)) codes.add(match[1]);
  }
  // the row errors of a refused CSV are details of INVALID_FILE / INVALID_CSV, worded apart (below)
  for (const code of CSV_ROW_ERROR_CODES) codes.delete(code);
  return [...codes].sort();
}

const zhLeaves = leaves(zh as unknown as Tree);
const enLeaves = leaves(en as unknown as Tree);

describe('console translations', () => {
  it('have exactly the same key set in Chinese and English', () => {
    const zhKeys = [...zhLeaves.keys()].sort();
    const enKeys = [...enLeaves.keys()].sort();
    expect(zhKeys.filter((k) => !enLeaves.has(k))).toEqual([]);
    expect(enKeys.filter((k) => !zhLeaves.has(k))).toEqual([]);
    expect(zhKeys).toEqual(enKeys);
    expect(zhKeys.length).toBeGreaterThan(400);
  });

  it('translate every react-admin 5 message (the 4 pack extended), and nothing react-admin 5 lacks', () => {
    const raKeys = [...leaves(englishPack as unknown as Tree).keys()].sort();
    expect(raKeys.filter((k) => !zhLeaves.has(k))).toEqual([]);
    expect([...zhLeaves.keys()].filter((k) => k.startsWith('ra.')).sort()).toEqual(raKeys);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = [...zhLeaves]
      .filter(([key, message]) => placeholders(message).join() !== placeholders(enLeaves.get(key) ?? '').join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('have no empty message and no Chinese left in English', () => {
    // ra.boolean.null is blank on purpose (the text of a null boolean)
    const blank = (messages: Map<string, string>) =>
      [...messages].filter(([key, m]) => m.trim() === '' && key !== 'ra.boolean.null').map(([key]) => key);
    expect(blank(zhLeaves)).toEqual([]);
    expect(blank(enLeaves)).toEqual([]);
    expect([...enLeaves].filter(([, m]) => /[\u4e00-\u9fff]/.test(m)).map(([k]) => k)).toEqual([]);
  });

  it('show the console in Chinese (a sample of what a user reads first)', () => {
    expect(zhLeaves.get('app.title')).toBe('脱贫退出核查与干部考核');
    expect(zhLeaves.get('resources.tasks.name')).toBe('待办');
    expect(zhLeaves.get('enums.householdStatus.EXITED')).toBe('已脱贫');
    expect(zhLeaves.get('ra.auth.sign_in')).toBe('登录');
    expect(zhLeaves.get('ra.navigation.previous')).toBe('转到上一页');
    expect(zhLeaves.get('app.session.role.SUPERVISOR')?.replace('%{level}', zhLeaves.get('app.session.level.COUNTY') ?? '')).toBe('县级审核人');
  });

  it('lists every value of the Prisma enums the console shows', () => {
    const pairs: [readonly string[], Record<string, string>][] = [
      [model.ROLES, prismaEnums.Role],
      [model.REGION_LEVELS, prismaEnums.RegionLevel],
      [model.HOUSEHOLD_STATUSES, prismaEnums.HouseholdStatus],
      [model.VALUE_SOURCES, prismaEnums.ValueSource],
      [model.LEDGER_KINDS, prismaEnums.LedgerKind],
      [model.REQUEST_STATUSES, prismaEnums.RequestStatus],
      [model.CADRE_POSITIONS, prismaEnums.CadrePosition],
      [model.ASSIGNMENT_KINDS, prismaEnums.AssignmentKind],
      [model.CASE_KINDS, prismaEnums.CaseKind],
      [model.PROCESS_STATUSES, prismaEnums.ProcessStatus],
      [model.TASK_STATUSES, prismaEnums.TaskStatus],
      [model.DECISIONS, prismaEnums.Decision],
    ];
    for (const [console, prisma] of pairs) expect([...console].sort()).toEqual(Object.values(prisma).sort());
  });

  it('translate every enum value of the data model', () => {
    const groups: [string, readonly string[]][] = [
      ['role', model.ROLES],
      ['regionLevel', model.REGION_LEVELS],
      ['householdStatus', model.HOUSEHOLD_STATUSES],
      ['povertyCause', model.POVERTY_CAUSES],
      ['relation', model.MEMBER_RELATIONS],
      ['gender', model.GENDERS],
      ['valueSource', model.VALUE_SOURCES],
      ['ledgerKind', model.LEDGER_KINDS],
      ['requestStatus', model.REQUEST_STATUSES],
      ['cadrePosition', model.CADRE_POSITIONS],
      ['assignmentKind', model.ASSIGNMENT_KINDS],
      ['caseKind', model.CASE_KINDS],
      ['processStatus', model.PROCESS_STATUSES],
      ['taskStatus', model.TASK_STATUSES],
      ['decision', model.DECISIONS],
      ['auditOutcome', model.AUDIT_OUTCOMES],
    ];
    const missing = groups.flatMap(([group, values]) =>
      values.map((v) => `enums.${group}.${v}`).filter((key) => !zhLeaves.has(key) || !enLeaves.has(key)),
    );
    expect(missing).toEqual([]);
    for (const role of model.ROLES) expect(zhLeaves.has(`app.session.role.${role}`)).toBe(true);
    for (const level of model.REGION_LEVELS) expect(zhLeaves.has(`app.session.level.${level}`)).toBe(true);
    for (const decision of model.DECISIONS) {
      for (const group of ['actions', 'confirm', 'decided']) expect(zhLeaves.has(`app.task.${group}.${decision}`)).toBe(true);
    }
  });

  it('word every error code the API answers, in both languages', () => {
    const codes = apiErrorCodes();
    // the codes of KIT-API.md, whether or not the API in this tree answers them yet
    const kit = ['FORBIDDEN', 'FOUR_EYES', 'STEP_NOT_WAITING', 'ALREADY_DECIDED', 'NOT_ELIGIBLE', 'COMMENT_REQUIRED', 'TEMPORAL_UNAVAILABLE', 'INVALID_INPUT', 'NOT_FOUND', 'RETURN_IN_PROGRESS', 'PROCESS_ALREADY_RUNNING', 'NOT_EXITED', 'DECISION_NOT_ALLOWED', 'UNAUTHORIZED', 'RATE_LIMITED'];
    expect(codes).toEqual(expect.arrayContaining(['INVALID_INPUT', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED', 'STEP_NOT_WAITING']));
    const missing = [...new Set([...codes, ...kit])].filter((code) => !zhLeaves.has(`app.errors.${code}`) || !enLeaves.has(`app.errors.${code}`));
    expect(missing).toEqual([]);
    // the Chinese wording is Chinese (the console is Chinese by default)
    expect([...zhLeaves].filter(([k, m]) => k.startsWith('app.errors.') && !/[\u4e00-\u9fff]/.test(m)).map(([k]) => k)).toEqual([]);
  });

  it('word every row error of a refused CSV, and every column and sample kind they name, in both languages', () => {
    const missing = CSV_ROW_ERROR_CODES.filter((code) => !zhLeaves.has(`app.exit.csv.errors.${code}`) || !enLeaves.has(`app.exit.csv.errors.${code}`));
    expect(missing).toEqual([]);
    // the columns of both files (rules/exit-verification/department-facts.ts, api/samples/findings.ts)
    const columns = ['householdCode', 'year', 'note', 'educationSecured', 'medicalSecured', 'housingSafe', 'drinkingWaterSafe', 'ordinal', 'meetsStandard', 'failedCriteria', 'acknowledges', 'approves', 'visitedName', 'missed', 'missedPeople'];
    expect(columns.filter((c) => !zhLeaves.has(`app.exit.csv.columns.${c}`) || !enLeaves.has(`app.exit.csv.columns.${c}`))).toEqual([]);
    for (const kind of ['IN_REGISTER', 'OUTSIDE_REGISTER']) expect(zhLeaves.has(`app.exit.csv.kinds.${kind}`) && enLeaves.has(`app.exit.csv.kinds.${kind}`)).toBe(true);
    expect([...zhLeaves].filter(([k, m]) => k.startsWith('app.exit.csv.errors.') && !/[\u4e00-\u9fff]/.test(m)).map(([k]) => k)).toEqual([]);
  });

  it('name the processes and the notification kinds', () => {
    // process types the server defines (processes/, workflows/), and those the console knows today
    const types = new Set(['RETURN_TO_POVERTY', ...Object.values(prismaEnums.CycleType)]);
    for (const file of sources('processes', 'workflows', 'rules')) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bprocessType:\s*'([A-Z][A-Z_]+)'/g)) types.add(match[1]);
    }
    expect([...types].filter((t) => !zhLeaves.has(`processes.${t}`) || !enLeaves.has(`processes.${t}`))).toEqual([]);
    const kinds = 'NotificationKind' in prismaEnums ? Object.values((prismaEnums as Record<string, Record<string, string>>).NotificationKind) : [];
    if (kinds.length) expect([...model.NOTIFICATION_KINDS].sort()).toEqual([...kinds].sort());
    for (const kind of model.NOTIFICATION_KINDS) expect(zhLeaves.has(`enums.notificationKind.${kind}`) && enLeaves.has(`enums.notificationKind.${kind}`)).toBe(true);
    expect(zhLeaves.get('enums.notificationKind.REMINDER')).toBe('催办');
  });

  it('contain every literal key the console source names', () => {
    const root = path.resolve(import.meta.dirname, '../../admin/src');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.startsWith('i18n'));
    const used = new Set<string>();
    for (const file of files) {
      const source = readFileSync(path.join(root, file), 'utf8');
      for (const match of source.matchAll(/['"`]((?:app|enums|resources|ra|processes)\.[\w.-]+)['"`]/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !zhLeaves.has(key)).sort()).toEqual([]);
  });
});
