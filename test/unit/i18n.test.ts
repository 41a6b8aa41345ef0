/**
 * The console's two languages: the same keys, the same placeholders, every react-admin 5 message
 * translated, every enum value of the data model translated, and every key the console's source
 * names present.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import englishPack from 'ra-language-english';
import { describe, expect, it } from 'vitest';
import en from '../../admin/src/i18n/en.ts';
import zh from '../../admin/src/i18n/zh.ts';
import * as model from '../../admin/src/types.ts';
import * as prismaEnums from '../../generated/sqlite/enums.ts';

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

  it('contain every literal key the console source names', () => {
    const root = path.resolve(import.meta.dirname, '../../admin/src');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.startsWith('i18n'));
    const used = new Set<string>();
    for (const file of files) {
      const source = readFileSync(path.join(root, file), 'utf8');
      for (const match of source.matchAll(/['"`]((?:app|enums|resources|ra)\.[\w.-]+)['"`]/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !zhLeaves.has(key)).sort()).toEqual([]);
  });
});
