/**
 * The deterministic seed generator: Hunan's real division tree (data/hunan/) with generated
 * villages, registered households (建档立卡户), members, yearly records, ledger entries, cadres and
 * their assignments, the pairings of seed item 20, the default standards of every year, and the
 * demo users. Same seed number ⇒ identical rows, ids included (except the users' password hashes
 * and creation times and the configs' creation times). See prisma/seed/README.md for the rules.
 *
 *   const summary = await seed(createDb(url), { scale: 'demo', demoPassword });
 */
import { hashPassword } from '../../api/auth/password.ts';
import { sqliteFileFromUrl } from '../../lib/database-url.ts';
import type { Db, DbHandle } from '../../lib/db.ts';
import { defaultStandards, STANDARD_YEARS } from '../../rules/standards.ts';
import { loadDivisions, PROVINCE_CODE, type Divisions } from './divisions.ts';
import {
  buildContext,
  cityRow,
  countyRow,
  emptyCounters,
  estimatedTownshipPopulation,
  FINAL_YEAR,
  generateCountyLeaders,
  generateTownship,
  populatedCounties,
  populatedTownships,
  provinceRow,
  REGISTERED_YEAR,
  RowBatch,
  townshipRow,
  type Counters,
  type GenContext,
} from './generate.ts';
import { choosePoorCounties, FOCUS_COUNTY_CODE, plannedCountyExitYears } from './policy.ts';
import { scalePlan, SEED_SCALES, type SeedScale } from './scales.ts';
import { CONFIG_VERSION, PAIRING, REGION, USER } from './tables.ts';
import { PostgresWriter, SqliteWriter, type BulkWriter } from './writers.ts';

export type { SeedScale } from './scales.ts';
export { SEED_SCALES } from './scales.ts';

export const DEFAULT_SEED = 2016;
export const DEFAULT_AS_OF_YEAR = 2016;

export interface SeedOptions {
  scale: SeedScale;
  /** default 2016 */
  seed?: number;
  demoPassword: string;
  /** the registry's current year: records run 2014..asOfYear (default 2016) */
  asOfYear?: number;
  log?: (msg: string) => void;
}

export interface SeedSummary {
  scale: SeedScale;
  seed: number;
  regions: number;
  villages: number;
  households: number;
  members: number;
  yearRecords: number;
  cadres: number;
  assignments: number;
  users: string[];
  seconds: number;
}

/**
 * Where a demo user's scope lies: the province, 怀化市 (the city of 沅陵县), 沅陵县, the first
 * township of 沅陵县 by code, or that township's first village.
 */
type DemoScope = 'province' | 'city' | 'county' | 'township' | 'village';

interface DemoUser {
  username: string;
  /** for the township and village users, prefixed with the township's or village's name */
  displayName: string;
  role: 'ADMIN' | 'OFFICE' | 'SUPERVISOR' | 'LEADER' | 'EVALUATOR' | 'COUNTY_OPERATOR' | 'FIRST_SECRETARY';
  scope: DemoScope;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', role: 'ADMIN', scope: 'province' },
  { username: 'office', displayName: '省考核办', role: 'OFFICE', scope: 'province' },
  { username: 'supervisor', displayName: '省级审核人', role: 'SUPERVISOR', scope: 'province' },
  { username: 'leader', displayName: '省领导', role: 'LEADER', scope: 'province' },
  { username: 'evaluator', displayName: '第三方评估机构', role: 'EVALUATOR', scope: 'province' },
  { username: 'county.supervisor', displayName: '沅陵县审核人', role: 'SUPERVISOR', scope: 'county' },
  { username: 'county.operator', displayName: '沅陵县填报员', role: 'COUNTY_OPERATOR', scope: 'county' },
  { username: 'township.supervisor', displayName: '审核人', role: 'SUPERVISOR', scope: 'township' },
  { username: 'city.supervisor', displayName: '怀化市审核人', role: 'SUPERVISOR', scope: 'city' },
  // the stationed work team of one village (驻村工作队): democratic appraisal, acknowledgements
  { username: 'village.secretary', displayName: '第一书记', role: 'FIRST_SECRETARY', scope: 'village' },
];

/** True when the province region exists, i.e. a seed has completed. */
export async function isSeeded(db: Db): Promise<boolean> {
  return (await db.region.findUnique({ where: { id: PROVINCE_CODE }, select: { id: true } })) !== null;
}

async function openWriter(handle: DbHandle, scale: SeedScale): Promise<BulkWriter> {
  // rebuilding indexes halves the demo seed on PostgreSQL; the test scale is too small to gain
  if (handle.provider === 'postgres') return PostgresWriter.open(handle.url, { deferIndexes: scale !== 'test' });
  const file = sqliteFileFromUrl(handle.url);
  if (!file) throw new Error(`not a SQLite file URL: ${handle.url}`);
  return new SqliteWriter(file);
}

function validate(opts: SeedOptions): { seed: number; asOfYear: number } {
  if (!SEED_SCALES.includes(opts.scale)) throw new Error(`unknown seed scale ${String(opts.scale)} (${SEED_SCALES.join(', ')})`);
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be an integer in 0..2^32-1, got ${seed}`);
  const asOfYear = opts.asOfYear ?? DEFAULT_AS_OF_YEAR;
  if (!Number.isInteger(asOfYear) || asOfYear < REGISTERED_YEAR || asOfYear > FINAL_YEAR) {
    throw new Error(`asOfYear must be ${REGISTERED_YEAR}..${FINAL_YEAR}, got ${asOfYear}`);
  }
  if (!opts.demoPassword) throw new Error('demoPassword is required');
  return { seed, asOfYear };
}

/** Seeds an empty, migrated database. Refuses a database that already holds regions. */
export async function seed(handle: DbHandle, opts: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const { seed: seedNumber, asOfYear } = validate(opts);
  const log = opts.log ?? (() => undefined);
  if (await isSeeded(handle.db)) throw new Error('the database is already seeded (region 43 exists)');
  const existing = await handle.db.region.count();
  if (existing > 0) throw new Error(`the database holds ${existing} regions but no province: an earlier seed was interrupted; seed a fresh database`);

  const divisions = loadDivisions();
  const plan = scalePlan(opts.scale);
  const poorCounties = choosePoorCounties(divisions, seedNumber);
  const ctx = buildContext(divisions, plan, seedNumber, asOfYear, poorCounties, plannedCountyExitYears(poorCounties, seedNumber));
  const passwordHash = await hashPassword(opts.demoPassword);
  const counters = emptyCounters();
  const writer = await openWriter(handle, opts.scale);
  try {
    const population = await writeDivisionsAndVillages(ctx, writer, counters, log, started);
    const users = await writeReferenceRows(ctx, writer, passwordHash);
    await writer.setRuralPopulation(population.totals);
    if (writer.rootLast) {
      const batch = new RowBatch();
      batch.add(REGION, provinceRow(population.province));
      await writer.write(batch);
    }
    await writer.finish();
    const summary: SeedSummary = {
      scale: opts.scale,
      seed: seedNumber,
      regions: counters.regions,
      villages: counters.villages,
      households: counters.households,
      members: counters.members,
      yearRecords: counters.yearRecords,
      cadres: counters.cadres,
      assignments: counters.assignments,
      users,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
    log(
      `seeded ${opts.scale} (seed ${seedNumber}, as of ${asOfYear}): ${counters.regions} regions, ${counters.villages} villages ` +
        `(${counters.poorVillages} poor), ${counters.households} households (${counters.exitedHouseholds} exited), ` +
        `${counters.members} members, ${counters.yearRecords} yearly records, ${counters.ledgerEntries} ledger entries, ` +
        `${counters.cadres} cadres, ${counters.assignments} assignments in ${summary.seconds} s`,
    );
    return summary;
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/**
 * The division tree, then county by county and township by township the generated villages and
 * everything under them (one batch per township, never the whole province in memory).
 * Returns the rural population of every non-village region (written at the end).
 */
async function writeDivisionsAndVillages(
  ctx: GenContext,
  writer: BulkWriter,
  counters: Counters,
  log: (msg: string) => void,
  started: number,
): Promise<{ totals: Map<string, number>; province: number }> {
  const { divisions } = ctx;
  const batch = new RowBatch();
  if (!writer.rootLast) batch.add(REGION, provinceRow(0));
  for (const city of divisions.cities) batch.add(REGION, cityRow(city));
  for (const county of divisions.counties) {
    batch.add(REGION, countyRow(ctx, county));
    generateCountyLeaders(ctx, county, batch, counters);
  }
  for (const township of divisions.townships) batch.add(REGION, townshipRow(township));
  counters.regions += 1 + divisions.cities.length + divisions.counties.length + divisions.townships.length;
  await writer.write(batch);
  batch.clear();

  const townshipPopulation = new Map<string, number>();
  const populated = populatedCounties(ctx);
  const populatedCodes = new Set(populated.map((c) => c.code));
  for (const county of populated) {
    const before = { villages: counters.villages, households: counters.households };
    for (const township of populatedTownships(ctx, county)) {
      townshipPopulation.set(township.code, generateTownship(ctx, township, batch, counters));
      await writer.write(batch);
      batch.clear();
    }
    log(
      `${county.code} ${county.name}: ${counters.villages - before.villages} villages, ` +
        `${counters.households - before.households} households (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  return rollUpPopulation(ctx, divisions, townshipPopulation, populatedCodes);
}

/**
 * Township = sum of its villages (0 for a township without villages in a populated county);
 * in a county without villages at this scale, an estimate. County, city, province = sums.
 */
function rollUpPopulation(ctx: GenContext, divisions: Divisions, townships: Map<string, number>, populated: Set<string>) {
  const totals = new Map<string, number>();
  const add = (id: string, n: number) => totals.set(id, (totals.get(id) ?? 0) + n);
  for (const city of divisions.cities) totals.set(city.code, 0);
  for (const county of divisions.counties) totals.set(county.code, 0);
  let province = 0;
  for (const t of divisions.townships) {
    const n = populated.has(t.countyCode) ? (townships.get(t.code) ?? 0) : estimatedTownshipPopulation(ctx, t);
    totals.set(t.code, n);
    add(t.countyCode, n);
    add(t.cityCode, n);
    province += n;
  }
  // when the writer inserts the province row last, this update finds no row and the insert carries the total
  totals.set(PROVINCE_CODE, province);
  return { totals, province };
}

/** Pairings, the default standards of every year, and the demo users. */
async function writeReferenceRows(ctx: GenContext, writer: BulkWriter, passwordHash: string): Promise<string[]> {
  const batch = new RowBatch();
  ctx.divisions.pairings.forEach((p, i) => {
    batch.add(PAIRING, [`P${String(i + 1).padStart(2, '0')}`, p.kind, p.helperCode, p.helperName, p.helpedCode, p.helpedName, p.mapping]);
  });
  const now = new Date().toISOString();
  for (const year of STANDARD_YEARS) {
    batch.add(CONFIG_VERSION, [`STANDARDS-${year}-v1`, 'STANDARDS', year, 1, { ...defaultStandards(year) }, null, now]);
  }
  const firstTownship = ctx.divisions.townshipsByCounty.get(FOCUS_COUNTY_CODE)?.[0];
  if (!firstTownship) throw new Error(`no township for county ${FOCUS_COUNTY_CODE}`);
  // villages are numbered inside their township from 001 (generate.ts)
  const firstVillage = `${firstTownship.code}001`;
  const regionOf: Record<DemoScope, string> = { province: PROVINCE_CODE, city: FOCUS_COUNTY_CODE.slice(0, 4), county: FOCUS_COUNTY_CODE, township: firstTownship.code, village: firstVillage };
  for (const u of DEMO_USERS) {
    const displayName = u.scope === 'township' ? `${firstTownship.name}${u.displayName}` : u.scope === 'village' ? `${firstTownship.name}驻村${u.displayName}` : u.displayName;
    batch.add(USER, [`U-${u.username}`, u.username, displayName, passwordHash, u.role, regionOf[u.scope], true, true, now]);
  }
  await writer.write(batch);
  return DEMO_USERS.map((u) => u.username);
}
