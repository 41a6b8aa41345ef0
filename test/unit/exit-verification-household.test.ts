import { describe, expect, it } from 'vitest';
import {
  assessHousehold,
  countyPolicyEnd,
  defaultExitConfig,
  deregistrationGuard,
  exitCandidates,
  householdBenefitEnd,
  mergeExitConfig,
  mergeHouseholdFacts,
  type DepartmentFact,
  type RegistryYearRecord,
} from '../../rules/exit-verification.ts';

const config = defaultExitConfig(2019); // poverty line 3,218 yuan
const CODE = '4312221010010001';

function record(overrides: Partial<RegistryYearRecord> = {}): RegistryYearRecord {
  return {
    householdCode: CODE,
    year: 2019,
    incomePerCapita: 4200,
    foodSecure: true,
    clothingSecure: true,
    educationSecured: true,
    medicalSecured: true,
    housingSafe: true,
    drinkingWaterSafe: true,
    source: 'REGISTRY',
    ...overrides,
  };
}

function fact(overrides: Partial<DepartmentFact> & Pick<DepartmentFact, 'criterion' | 'value'>, provenance: Partial<DepartmentFact['provenance']> = {}): DepartmentFact {
  const department = { education: 'education', medical: 'medical', housing: 'housing', drinkingWater: 'water' }[overrides.criterion] as DepartmentFact['provenance']['department'];
  return {
    householdCode: CODE,
    year: 2019,
    ...overrides,
    provenance: { department, batchId: 'b-1', fileName: `${department}-2019.csv`, row: 7, importedAt: '2019-11-01T08:00:00Z', ...provenance },
  };
}

describe('household exit standard (贫困户退出标准: 收入 + 两不愁三保障)', () => {
  it('passes a household above the line with every guarantee, each check naming the registry', () => {
    const a = assessHousehold(CODE, record(), [], config);
    expect(a.meetsStandard).toBe(true);
    expect(a.failed).toEqual([]);
    expect(a.checks.map((c) => c.criterion)).toEqual(['income', 'food', 'clothing', 'education', 'medical', 'housing', 'drinkingWater']);
    expect(a.checks.every((c) => c.source?.kind === 'registry')).toBe(true);
    expect(a.checks[0].reason.en).toBe('income 4,200 yuan is above the line 3,218 (registry record of 2019 (REGISTRY))');
    expect(a.checks[5].reason.zh).toBe('住房安全有保障：是（建档立卡系统 2019 年度记录 (REGISTRY)）');
  });

  it('requires income strictly above the line: equal to the line is not above it', () => {
    const at = assessHousehold(CODE, record({ incomePerCapita: 3218 }), [], config);
    expect(at.meetsStandard).toBe(false);
    expect(at.failed).toEqual(['income']);
    expect(at.checks[0].reason.en).toBe('income 3,218 yuan is not above the line 3,218 (registry record of 2019 (REGISTRY))');
    expect(assessHousehold(CODE, record({ incomePerCapita: 3218.5 }), [], config).meetsStandard).toBe(true);
  });

  it('fails every criterion with missing data, and a record of another year counts as missing', () => {
    const a = assessHousehold(CODE, record({ incomePerCapita: null, clothingSecure: null }), [], config);
    expect(a.failed).toEqual(['income', 'clothing']);
    expect(a.checks[0]).toMatchObject({ missing: true, passed: false, source: null, reason: { en: 'no per-capita income recorded for 2019' } });
    expect(a.checks[2].reason).toEqual({ zh: '不愁穿：无数据', en: 'no worry about clothing: no data' });
    const stale = assessHousehold(CODE, record({ year: 2018 }), [], config);
    expect(stale.failed).toEqual(['income', 'food', 'clothing', 'education', 'medical', 'housing', 'drinkingWater']);
    expect(assessHousehold(CODE, null, [], config).meetsStandard).toBe(false);
  });

  it('checks safe drinking water only when the year counts it', () => {
    const noWater = record({ drinkingWaterSafe: false });
    expect(assessHousehold(CODE, noWater, [], config).failed).toEqual(['drinkingWater']);
    const without = mergeExitConfig(config, { household: { countSafeDrinkingWater: false } });
    if (!without.ok) throw new Error('config');
    const a = assessHousehold(CODE, noWater, [], without.config);
    expect(a.meetsStandard).toBe(true);
    expect(a.checks[6]).toMatchObject({ criterion: 'drinkingWater', counted: false, passed: false });
  });

  it('lets a department fact override the registry, naming department, batch, file and row', () => {
    const a = assessHousehold(CODE, record(), [fact({ criterion: 'housing', value: false }, { batchId: 'zj-2019-1', fileName: '住建-2019.csv', row: 12 })], config);
    expect(a.failed).toEqual(['housing']);
    const housing = a.checks[5];
    expect(housing.effect).toBe('overridden');
    expect(housing.source).toEqual({ kind: 'department', provenance: { department: 'housing', batchId: 'zj-2019-1', fileName: '住建-2019.csv', row: 12, importedAt: '2019-11-01T08:00:00Z' } });
    expect(housing.reason.en).toBe('housing safety guaranteed: no (housing and construction department, batch zj-2019-1, file 住建-2019.csv, row 12, overriding the registry (yes))');
    expect(housing.reason.zh).toBe('住房安全有保障：否（住房和城乡建设部门，批次 zj-2019-1，文件 住建-2019.csv 第 12 行，覆盖建档立卡记录（是））');
    // and the other way: the department clears a flag the registry had failed
    expect(assessHousehold(CODE, record({ medicalSecured: false }), [fact({ criterion: 'medical', value: true })], config).meetsStandard).toBe(true);
  });

  it('records confirmation, a department filling a missing flag, and ignores facts of other households or years', () => {
    const merged = mergeHouseholdFacts(CODE, 2019, record({ medicalSecured: null }), [
      fact({ criterion: 'education', value: true }),
      fact({ criterion: 'medical', value: true }),
      fact({ criterion: 'housing', value: false, householdCode: '4312221010010002' }),
      fact({ criterion: 'drinkingWater', value: false, year: 2018 }),
    ]);
    expect(merged.flags.education.effect).toBe('confirmed');
    expect(merged.flags.medical).toMatchObject({ effect: 'department', value: true, registryValue: null });
    expect(merged.flags.housing).toMatchObject({ effect: 'registry', value: true });
    expect(merged.flags.drinkingWater).toMatchObject({ effect: 'registry', value: true });
    expect(merged.income).toEqual({ value: 4200, source: { kind: 'registry', year: 2019, recordSource: 'REGISTRY' } });
  });

  it('takes the latest import when two department batches disagree, whatever their order', () => {
    const older = fact({ criterion: 'housing', value: true }, { batchId: 'zj-1', importedAt: '2019-10-01T00:00:00Z', row: 3 });
    const newer = fact({ criterion: 'housing', value: false }, { batchId: 'zj-2', importedAt: '2019-11-15T00:00:00Z', row: 9 });
    for (const facts of [
      [older, newer],
      [newer, older],
    ]) {
      const flag = mergeHouseholdFacts(CODE, 2019, record(), facts).flags.housing;
      expect(flag.value).toBe(false);
      expect(flag.source).toMatchObject({ kind: 'department', provenance: { batchId: 'zj-2', row: 9 } });
      expect(flag.superseded).toEqual([older.provenance]);
    }
  });
});

describe('deregistration guard (销号)', () => {
  it('refuses a household that fails the standard, saying which criterion failed and from which source', () => {
    const verdict = deregistrationGuard({ code: CODE, status: 'POOR' }, record({ incomePerCapita: 3000 }), [fact({ criterion: 'housing', value: false }, { batchId: 'zj-7' })], config);
    expect(verdict.allowed).toBe(false);
    if (verdict.allowed) return;
    expect(verdict.code).toBe('NOT_ELIGIBLE');
    expect(verdict.failed).toEqual(['income', 'housing']);
    expect(verdict.message.en).toBe(
      `household ${CODE} does not meet the 2019 exit standard and cannot be deregistered: income 3,000 yuan is not above the line 3,218 (registry record of 2019 (REGISTRY)); ` +
        'housing safety guaranteed: no (housing and construction department, batch zj-7, file housing-2019.csv, row 7, overriding the registry (yes))',
    );
    expect(verdict.message.zh).toContain('不能销号：人均纯收入 3,000 元，未超过标准 3,218 元');
  });

  it('allows a household that meets the standard, and refuses one that is not registered-poor', () => {
    expect(deregistrationGuard({ code: CODE, status: 'POOR' }, record(), [], config)).toMatchObject({ allowed: true, assessment: { meetsStandard: true } });
    expect(deregistrationGuard({ code: CODE, status: 'EXITED' }, record(), [], config)).toEqual({
      allowed: false,
      code: 'NOT_ELIGIBLE',
      failed: [],
      message: { zh: `户 ${CODE} 状态为 EXITED，不是在册贫困户，不能销号`, en: `household ${CODE} is EXITED, not registered-poor: cannot deregister` },
      assessment: null,
    });
  });
});

describe('exit candidates (拟退出户)', () => {
  it('puts in the poor households that meet the standard and says why each other one is out', () => {
    const result = exitCandidates(
      [
        { householdCode: 'A', status: 'POOR', record: record({ householdCode: 'A' }), facts: [] },
        { householdCode: 'B', status: 'POOR', record: record({ householdCode: 'B', foodSecure: false }), facts: [] },
        { householdCode: 'C', status: 'EXITED', record: record({ householdCode: 'C' }), facts: [] },
        { householdCode: 'D', status: 'POOR', record: null, facts: [] },
      ],
      config,
    );
    expect(result.map((r) => [r.householdCode, r.candidate])).toEqual([
      ['A', true],
      ['B', false],
      ['C', false],
      ['D', false],
    ]);
    expect(result[0].reason.en).toBe('meets the 2019 exit standard');
    expect(result[1].reason.en).toBe('no worry about food: no (registry record of 2019 (REGISTRY))');
    expect(result[2].reason.en).toBe('status EXITED: not registered-poor');
    expect(result[3].assessment?.failed).toHaveLength(7);
  });
});

describe('after exit (摘帽不摘政策, 脱贫不脱政策)', () => {
  it('keeps county policies until 31 Dec of exit year + configured years', () => {
    expect(countyPolicyEnd(2016, config)).toEqual({ untilYear: 2021, untilDate: '2021-12-31' }); // 2016 + 5
    const three = mergeExitConfig(config, { afterExit: { countyPolicyYears: 3 } });
    if (!three.ok) throw new Error('config');
    expect(countyPolicyEnd(2019, three.config).untilDate).toBe('2022-12-31'); // 2019 + 3
  });

  it('keeps household benefits to the end of the month N months after the exit year', () => {
    // December 2016 + 24 months = December 2018 (the seed writes the same 31 Dec of exitedYear + 2)
    expect(householdBenefitEnd(2016, config)).toBe('2018-12-31');
    const months = (n: number) => ({ afterExit: { countyPolicyYears: 5, householdBenefitMonths: n } });
    expect(householdBenefitEnd(2016, months(6))).toBe('2017-06-30'); // Dec 2016 + 6 = Jun 2017
    expect(householdBenefitEnd(2019, months(2))).toBe('2020-02-29'); // Dec 2019 + 2 = Feb 2020, a leap year
    expect(householdBenefitEnd(2022, months(2))).toBe('2023-02-28');
    expect(householdBenefitEnd(2099, months(2))).toBe('2100-02-28'); // 2100 is not a leap year
    expect(householdBenefitEnd(2016, months(0))).toBe('2016-12-31');
    expect(() => householdBenefitEnd(2016.5, config)).toThrow('exit year must be a whole year, got 2016.5');
  });
});
