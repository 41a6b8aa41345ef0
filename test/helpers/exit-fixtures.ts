/**
 * A small registry for the exit verification's workflow tests, written through Prisma: every
 * household's facts are chosen so the expected outcome of each can be worked out by hand.
 *
 * County 431222 (poor, rural population 10,000) › township 431222101 ›
 * - village …001 (poor village, rural population 100): five registered-poor households of 2 people:
 *   A meets the standard; B meets it (will not acknowledge); C's income is under the line;
 *   D meets it (an objection will hold it); E meets it (its housing will turn unsafe before deregistration).
 * - village …002 (not poor, rural population 100): two poor households below the line, two
 *   households exited in 2015 (X1 still meets the standard, X2 does not).
 */
import type { Db } from '../../lib/db.ts';
import { defaultExitConfig, mergeExitConfig, type ExitVerificationConfig } from '../../rules/exit-verification/config.ts';

export const EX_COUNTY = '431222';
export const EX_TOWNSHIP = '431222101';
export const EX_VILLAGE = '431222101001';
export const EX_VILLAGE_2 = '431222101002';
export const EX_YEAR = 2016;
/** the 2016 national line is 2,952 yuan */
const ABOVE = 4000;
const BELOW = 2500;

export function exitTestConfig(edit: Record<string, unknown> = {}): ExitVerificationConfig {
  const merged = mergeExitConfig(defaultExitConfig(EX_YEAR), {
    // village …001 exits under 10% (6 remaining poor people of 100 after the expected exits)
    incidence: { regionOverrides: [{ prefix: EX_VILLAGE, village: 0.1, note: 'test override' }] },
    sample: { default: { householdsInRegister: 4, householdsOutsideRegister: 2, villages: 0 }, perCounty: {} },
    ...edit,
  });
  if (!merged.ok) throw new Error(merged.issues.map((i) => i.message).join('; '));
  return merged.config;
}

interface HouseholdSpec {
  key: string;
  village: string;
  status: 'POOR' | 'EXITED';
  income: number;
  housingSafe?: boolean;
  exitedYear?: number;
}

export const HOUSEHOLDS: HouseholdSpec[] = [
  { key: 'A', village: EX_VILLAGE, status: 'POOR', income: ABOVE },
  { key: 'B', village: EX_VILLAGE, status: 'POOR', income: ABOVE },
  { key: 'C', village: EX_VILLAGE, status: 'POOR', income: BELOW },
  { key: 'D', village: EX_VILLAGE, status: 'POOR', income: ABOVE },
  { key: 'E', village: EX_VILLAGE, status: 'POOR', income: ABOVE },
  { key: 'P1', village: EX_VILLAGE_2, status: 'POOR', income: BELOW },
  { key: 'P2', village: EX_VILLAGE_2, status: 'POOR', income: BELOW },
  { key: 'X1', village: EX_VILLAGE_2, status: 'EXITED', income: ABOVE, exitedYear: 2015 },
  { key: 'X2', village: EX_VILLAGE_2, status: 'EXITED', income: BELOW, exitedYear: 2015 },
];

export const householdId = (key: string) => `EXH-${key}`;
export const householdCode = (key: string) => `${HOUSEHOLDS.find((h) => h.key === key)?.village}9${key.padStart(3, '0')}`;

/** Writes the regions, households, members and 2016 records; the cycle row too (as its workflow does). */
export async function seedExitFixture(db: Db, cycleId: string, config: ExitVerificationConfig): Promise<void> {
  const regions = [
    { id: '43', name: '湖南省', level: 'PROVINCE' as const, parentId: null, isPoor: false, ruralPopulation: 0 },
    { id: '4312', name: '怀化市', level: 'CITY' as const, parentId: '43', isPoor: false, ruralPopulation: 0 },
    { id: EX_COUNTY, name: '沅陵县', level: 'COUNTY' as const, parentId: '4312', isPoor: true, ruralPopulation: 10_000 },
    { id: EX_TOWNSHIP, name: '测试镇', level: 'TOWNSHIP' as const, parentId: EX_COUNTY, isPoor: false, ruralPopulation: 200 },
    { id: EX_VILLAGE, name: '一村', level: 'VILLAGE' as const, parentId: EX_TOWNSHIP, isPoor: true, ruralPopulation: 100 },
    { id: EX_VILLAGE_2, name: '二村', level: 'VILLAGE' as const, parentId: EX_TOWNSHIP, isPoor: false, ruralPopulation: 100 },
  ];
  for (const r of regions) await db.region.upsert({ where: { id: r.id }, create: { ...r, code: r.id }, update: {} });
  for (const h of HOUSEHOLDS) {
    await db.household.create({
      data: {
        id: householdId(h.key),
        code: householdCode(h.key),
        headName: `户主${h.key}`,
        size: 2,
        status: h.status,
        povertyCause: 'ILLNESS',
        registeredYear: 2014,
        exitedYear: h.exitedYear ?? null,
        cityId: '4312',
        countyId: EX_COUNTY,
        townshipId: EX_TOWNSHIP,
        villageId: h.village,
        members: {
          create: [
            { name: `户主${h.key}`, relation: 'HEAD', gender: 'M', birthYear: 1970, canWork: true },
            { name: `配偶${h.key}`, relation: 'SPOUSE', gender: 'F', birthYear: 1972, canWork: true },
          ],
        },
        records: {
          create: [
            {
              year: EX_YEAR,
              incomePerCapita: h.income,
              foodSecure: true,
              clothingSecure: true,
              educationSecured: true,
              medicalSecured: true,
              housingSafe: h.housingSafe ?? true,
              drinkingWaterSafe: true,
              source: 'REGISTRY',
            },
          ],
        },
      },
    });
  }
  await db.cycle.create({
    data: { id: cycleId, type: 'EXIT_VERIFICATION', year: EX_YEAR, regionId: '43', stage: 'COUNTIES', workflowId: `exit-verification:${EX_YEAR}:43:${cycleId}`, config: config as object, configVersion: config.version, seed: 'test-seed', createdById: 'u-office' },
  });
}
