/**
 * Row generation: the division tree, then, township by township, villages with their registered
 * households (建档立卡户), members, yearly records, ledger entries and the cadres assigned to them.
 * Pure functions of (seed, asOfYear, scale): each village draws from its own PRNG keyed by its code.
 * The rules behind the numbers are listed in prisma/seed/README.md.
 */
import { defaultStandards } from '../../rules/standards.ts';
import type { City, County, Divisions, Township } from './divisions.ts';
import { PROVINCE_CODE, PROVINCE_NAME } from './divisions.ts';
import { bureauOf, personName, provinceUnit, surname, townshipGovernment, villageName, type Gender } from './names.ts';
import { isWesternCode, nonPoorCountyClearanceYear, POLICY_KEPT_YEARS } from './policy.ts';
import { rngFor, weightedTable, type Rng } from './random.ts';
import { PROVINCE_PLAN, townshipKind, type ScalePlan } from './scales.ts';
import {
  CADRE,
  CADRE_ASSIGNMENT,
  HOUSEHOLD,
  HOUSEHOLD_YEAR,
  LEDGER_ENTRY,
  MEMBER,
  REGION,
  type Row,
  type Table,
} from './tables.ts';

/** the year households were registered (建档立卡) */
export const REGISTERED_YEAR = 2014;
/** by this year every registered household has exited (全面脱贫) */
export const FINAL_YEAR = 2020;
/** village teams (驻村工作队) and responsible persons (帮扶责任人) start this year */
export const ASSIGNMENT_START_YEAR = 2015;

/** poverty causes (致贫原因) and their weights */
export const POVERTY_CAUSES = ['ILLNESS', 'DISABILITY', 'EDUCATION', 'LACK_OF_LABOR', 'LACK_OF_FUNDS', 'LACK_OF_LAND', 'DISASTER'] as const;
export type PovertyCause = (typeof POVERTY_CAUSES)[number];
const CAUSES = weightedTable<PovertyCause>([
  ['ILLNESS', 38], ['LACK_OF_FUNDS', 17], ['LACK_OF_LABOR', 13], ['EDUCATION', 11], ['DISABILITY', 9], ['LACK_OF_LAND', 6], ['DISASTER', 6],
]);
/** household size 1-6, mean about 3.1 (6.82 million people in 2.2 million households) */
const SIZES = weightedTable<number>([[1, 13], [2, 25], [3, 25], [4, 21], [5, 10], [6, 6]]);

/** Base yearly exit hazard of a registered household before its county's clearance year. */
const EXIT_HAZARD: Record<number, number> = { 2014: 0.07, 2015: 0.11, 2016: 0.14, 2017: 0.18, 2018: 0.22, 2019: 0.3, 2020: 1 };
/** after the county's clearance year, the remaining households exit at this yearly rate */
const LATE_EXIT_HAZARD = 0.6;
/** share of exited households whose records contradict the exit in asOfYear (假脱贫 / 数字脱贫 to detect) */
const FAKE_EXIT_SHARE = 0.02;

export interface GenContext {
  seed: number;
  asOfYear: number;
  plan: ScalePlan;
  divisions: Divisions;
  poorCounties: ReadonlySet<string>;
  /** planned exit year of each poor county (also beyond asOfYear) */
  plannedExit: ReadonlyMap<string, number>;
  /** poverty line per year, REGISTERED_YEAR..FINAL_YEAR */
  povertyLine: Record<number, number>;
}

export interface Counters {
  regions: number;
  villages: number;
  poorVillages: number;
  households: number;
  exitedHouseholds: number;
  members: number;
  yearRecords: number;
  ledgerEntries: number;
  cadres: number;
  assignments: number;
}

export function emptyCounters(): Counters {
  return { regions: 0, villages: 0, poorVillages: 0, households: 0, exitedHouseholds: 0, members: 0, yearRecords: 0, ledgerEntries: 0, cadres: 0, assignments: 0 };
}

/** Rows of several tables, written together in foreign-key order (see TABLES_IN_ORDER). */
export class RowBatch {
  readonly rows = new Map<Table, Row[]>();
  size = 0;

  add(table: Table, row: Row): void {
    let list = this.rows.get(table);
    if (!list) this.rows.set(table, (list = []));
    list.push(row);
    this.size++;
  }

  clear(): void {
    this.rows.clear();
    this.size = 0;
  }
}

export function buildContext(divisions: Divisions, plan: ScalePlan, seed: number, asOfYear: number, poorCounties: readonly string[], plannedExit: ReadonlyMap<string, number>): GenContext {
  const povertyLine: Record<number, number> = {};
  for (let y = REGISTERED_YEAR; y <= FINAL_YEAR; y++) povertyLine[y] = defaultStandards(y).povertyLine;
  return { seed, asOfYear, plan, divisions, poorCounties: new Set(poorCounties), plannedExit, povertyLine };
}

// ---------------------------------------------------------------------------------------------
// dates

const dateCache = new Map<number, string>();

/** ISO string of day `day` (0-based) of `year`, midnight UTC. */
export function isoDay(year: number, day: number): string {
  const key = year * 1000 + day;
  let iso = dateCache.get(key);
  if (iso === undefined) {
    iso = new Date(Date.UTC(year, 0, 1 + day)).toISOString();
    dateCache.set(key, iso);
  }
  return iso;
}

/** 31 December of `year`, midnight UTC */
export function endOfYear(year: number): string {
  return isoDay(year, 364 + (year % 4 === 0 ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// division tree

function regionRow(r: {
  code: string; name: string; level: string; parentId: string | null; isPoor?: boolean; isWestern?: boolean;
  exitYear?: number | null; ruralPopulation?: number;
}): Row {
  const exitYear = r.exitYear ?? null;
  return [r.code, r.code, r.name, r.level, r.parentId, r.isPoor ?? false, r.isWestern ?? false, exitYear, exitYear === null ? null : exitYear + POLICY_KEPT_YEARS, r.ruralPopulation ?? 0];
}

export function provinceRow(ruralPopulation: number): Row {
  return regionRow({ code: PROVINCE_CODE, name: PROVINCE_NAME, level: 'PROVINCE', parentId: null, ruralPopulation });
}

export function cityRow(city: City): Row {
  return regionRow({ code: city.code, name: city.name, level: 'CITY', parentId: PROVINCE_CODE, isWestern: isWesternCode(city.code) });
}

/** exitYear of a county as of ctx.asOfYear (null while poor or when never poor) */
export function countyExitYear(ctx: GenContext, countyCode: string): number | null {
  const planned = ctx.plannedExit.get(countyCode);
  return planned !== undefined && planned <= ctx.asOfYear ? planned : null;
}

export function countyRow(ctx: GenContext, county: County): Row {
  return regionRow({
    code: county.code,
    name: county.name,
    level: 'COUNTY',
    parentId: county.cityCode,
    isPoor: ctx.poorCounties.has(county.code),
    isWestern: isWesternCode(county.code),
    exitYear: countyExitYear(ctx, county.code),
  });
}

export function townshipRow(township: Township): Row {
  return regionRow({ code: township.code, name: township.name, level: 'TOWNSHIP', parentId: township.countyCode, isWestern: isWesternCode(township.code) });
}

/** Which counties get villages at this scale, in code order. */
export function populatedCounties(ctx: GenContext): County[] {
  const only = ctx.plan.counties;
  return only ? ctx.divisions.counties.filter((c) => only.includes(c.code)) : ctx.divisions.counties;
}

/** Which townships of a populated county get villages. */
export function populatedTownships(ctx: GenContext, county: County): Township[] {
  const all = ctx.divisions.townshipsByCounty.get(county.code) ?? [];
  return ctx.plan.townshipsPerCounty === undefined ? all : all.slice(0, ctx.plan.townshipsPerCounty);
}

/**
 * Rural population of a township whose county gets no villages at this scale: the province
 * plan's village count times a typical village population, so the tree's totals stay plausible.
 */
export function estimatedTownshipPopulation(ctx: GenContext, township: Township): number {
  const rng = rngFor(ctx.seed, `township-estimate:${township.code}`);
  const villages = PROVINCE_PLAN.villageCount(rng, township, ctx.poorCounties.has(township.countyCode));
  let people = 0;
  for (let i = 0; i < villages; i++) people += rng.int(1500, 2600);
  return people;
}

// ---------------------------------------------------------------------------------------------
// county leaders (县级领导) of a poor county

export function generateCountyLeaders(ctx: GenContext, county: County, batch: RowBatch, counters: Counters): void {
  if (!ctx.poorCounties.has(county.code)) return;
  const rng = rngFor(ctx.seed, `county-leaders:${county.code}`);
  const units = [`中共${county.name}委员会`, `${county.name}人民政府`];
  const count = rng.int(1, 2);
  for (let i = 1; i <= count; i++) {
    const gender: Gender = rng.chance(0.85) ? 'MALE' : 'FEMALE';
    const code = `${county.code}L${i}`;
    batch.add(CADRE, [`C${code}`, code, personName(rng, gender), gender, units[i - 1], 'COUNTY_LEADER', county.code, true]);
    counters.cadres++;
  }
}

// ---------------------------------------------------------------------------------------------
// villages and households

/** the year by which a county has deregistered nearly all its households */
function clearanceYear(ctx: GenContext, countyCode: string): number {
  return ctx.plannedExit.get(countyCode) ?? nonPoorCountyClearanceYear(countyCode, ctx.seed);
}

/**
 * Cumulative share of a village's households that have exited by the end of each year
 * REGISTERED_YEAR..FINAL_YEAR. Before the county's clearance year households exit at the base
 * hazard times the village's speed; in the clearance year the share jumps to `clearedShare`
 * (so the county's poverty incidence falls under 2%); the rest exit at LATE_EXIT_HAZARD, and all
 * have exited by FINAL_YEAR.
 */
export function cumulativeExitShares(clearance: number, speed: number, clearedShare: number): number[] {
  const shares: number[] = [];
  let remaining = 1;
  for (let y = REGISTERED_YEAR; y <= FINAL_YEAR; y++) {
    if (y === FINAL_YEAR) remaining = 0;
    else if (y < clearance) remaining *= 1 - Math.min(0.95, EXIT_HAZARD[y] * speed);
    else if (y === clearance) remaining = Math.min(remaining, 1 - clearedShare);
    else remaining *= 1 - LATE_EXIT_HAZARD;
    shares.push(1 - remaining);
  }
  return shares;
}

/** Exit year of each of n households: quotas from the cumulative shares, assigned in shuffled order. */
export function exitYears(rng: Rng, n: number, shares: readonly number[]): number[] {
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const years = new Array<number>(n);
  let assigned = 0;
  for (let k = 0; k < shares.length; k++) {
    const upTo = k === shares.length - 1 ? n : Math.round(n * shares[k]);
    for (; assigned < upTo; assigned++) years[order[assigned]] = REGISTERED_YEAR + k;
  }
  return years;
}

interface VillagePlan {
  code: string;
  name: string;
  poor: boolean;
}

/** Plans the villages of one township: codes, names, which are poor villages. */
export function planVillages(ctx: GenContext, township: Township): VillagePlan[] {
  const rng = rngFor(ctx.seed, `township:${township.code}`);
  const countyPoor = ctx.poorCounties.has(township.countyCode);
  const kind = townshipKind(township);
  const n = ctx.plan.villageCount(rng, township, countyPoor);
  let poorCount = Math.round(n * ctx.plan.poorVillageShare(countyPoor, kind) * rng.float(0.7, 1.3));
  if (ctx.plan.mixedTownships && countyPoor && n >= 2) poorCount = Math.min(n - 1, Math.max(1, poorCount));
  poorCount = Math.min(n, poorCount);
  const poorIndexes = new Set(rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, poorCount));
  const taken = new Set<string>();
  const villages: VillagePlan[] = [];
  for (let i = 0; i < n; i++) {
    villages.push({ code: township.code + String(i + 1).padStart(3, '0'), name: villageName(rng, taken), poor: poorIndexes.has(i) });
  }
  return villages;
}

/**
 * Generates one township's villages and everything under them into `batch`.
 * Returns the township's rural population (the sum of its villages').
 */
export function generateTownship(ctx: GenContext, township: Township, batch: RowBatch, counters: Counters): number {
  const county = ctx.divisions.countyByCode.get(township.countyCode);
  const city = ctx.divisions.cityByCode.get(township.cityCode);
  if (!county || !city) throw new Error(`township ${township.code}: unknown county or city`);
  let population = 0;
  for (const village of planVillages(ctx, township)) {
    population += generateVillage(ctx, { township, county, city, village }, batch, counters);
  }
  return population;
}

interface Place {
  township: Township;
  county: County;
  city: City;
  village: VillagePlan;
}

type Relation = 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'GRANDCHILD';

function generateVillage(ctx: GenContext, place: Place, batch: RowBatch, counters: Counters): number {
  const { village, township, county } = place;
  const rng = rngFor(ctx.seed, `village:${village.code}`);
  const countyPoor = ctx.poorCounties.has(county.code);
  const western = isWesternCode(village.code);
  const kind = townshipKind(township);
  const n = ctx.plan.householdCount(rng, { countyPoor, villagePoor: village.poor, kind });
  const shares = cumulativeExitShares(clearanceYear(ctx, county.code), rng.float(0.6, 1.5), rng.float(0.94, 0.98));
  const exits = exitYears(rng, n, shares);
  const { asOfYear } = ctx;

  // persons still poor at the end of each year, for the village's poverty incidence
  const poorPersons = new Array<number>(FINAL_YEAR - REGISTERED_YEAR + 1).fill(0);
  let registeredPersons = 0;
  const householdIds: string[] = [];
  for (let h = 0; h < n; h++) {
    const size = generateHousehold(ctx, rng, place, h, exits[h], batch, counters);
    registeredPersons += size;
    householdIds.push(`H${village.code}${String(h + 1).padStart(4, '0')}`);
    for (let y = REGISTERED_YEAR; y < exits[h]; y++) poorPersons[y - REGISTERED_YEAR] += size;
  }

  // poverty incidence (贫困发生率) at registration: 18-38% in poor villages, less elsewhere
  const incidence = village.poor ? rng.float(0.18, 0.38) : countyPoor ? rng.float(0.06, 0.14) : rng.float(0.03, 0.09);
  const ruralPopulation = Math.max(registeredPersons, Math.round(registeredPersons / incidence));
  let exitYear: number | null = null;
  if (village.poor) {
    for (let y = REGISTERED_YEAR; y <= asOfYear; y++) {
      const standards = defaultStandards(y);
      const threshold = western ? standards.incidenceThresholdWestern : standards.incidenceThreshold;
      if (poorPersons[y - REGISTERED_YEAR] / ruralPopulation < threshold) {
        exitYear = y;
        break;
      }
    }
  }
  batch.add(REGION, regionRow({ code: village.code, name: village.name, level: 'VILLAGE', parentId: township.code, isPoor: village.poor, isWestern: western, exitYear, ruralPopulation }));
  counters.regions++;
  counters.villages++;
  if (village.poor) counters.poorVillages++;

  generateVillageCadres(rng, place, householdIds, batch, counters);
  return ruralPopulation;
}

/** Writes one household with its members, yearly records and ledger entries; returns its size. */
function generateHousehold(ctx: GenContext, rng: Rng, place: Place, index: number, plannedExit: number, batch: RowBatch, counters: Counters): number {
  const { village, township, county, city } = place;
  const { asOfYear } = ctx;
  const code = village.code + String(index + 1).padStart(4, '0');
  const id = `H${code}`;
  const size = rng.weighted(SIZES);
  const cause = rng.weighted(CAUSES);
  const exited = plannedExit <= asOfYear;
  const exitedYear = exited ? plannedExit : null;

  // members (HEAD first)
  const family = surname(rng);
  const headGender: Gender = rng.chance(0.86) ? 'MALE' : 'FEMALE';
  const headAge = size === 1 || cause === 'LACK_OF_LABOR' ? rng.int(55, 86) : rng.int(28, 78);
  const headBirth = asOfYear - headAge;
  const relations: Relation[] = ['HEAD'];
  let free = size - 1;
  if (free > 0 && rng.chance(0.82)) {
    relations.push('SPOUSE');
    free--;
  }
  if (free > 0 && headAge < 50 && rng.chance(0.35)) {
    relations.push('PARENT');
    free--;
    if (free > 0 && rng.chance(0.5)) {
      relations.push('PARENT');
      free--;
    }
  }
  for (; free > 0; free--) relations.push(headAge >= 58 && rng.chance(0.5) ? 'GRANDCHILD' : 'CHILD');
  const disabledIndex = cause === 'DISABILITY' ? (rng.chance(0.5) ? 0 : rng.int(0, size - 1)) : -1;
  let headName = '';
  for (let m = 0; m < size; m++) {
    const relation = relations[m];
    let gender: Gender;
    let birthYear: number;
    let name: string;
    switch (relation) {
      case 'HEAD':
        gender = headGender;
        birthYear = headBirth;
        name = personName(rng, gender, family);
        headName = name;
        break;
      case 'SPOUSE':
        gender = headGender === 'MALE' ? 'FEMALE' : 'MALE';
        birthYear = headBirth + (gender === 'FEMALE' ? rng.int(-2, 6) : rng.int(-6, 2));
        name = personName(rng, gender);
        break;
      case 'PARENT':
        gender = rng.chance(0.5) ? 'MALE' : 'FEMALE';
        birthYear = Math.max(asOfYear - 96, headBirth - rng.int(20, 34));
        name = personName(rng, gender, gender === 'MALE' && headGender === 'MALE' ? family : undefined);
        break;
      case 'CHILD':
        gender = rng.chance(0.52) ? 'MALE' : 'FEMALE';
        birthYear = Math.min(REGISTERED_YEAR - 1, headBirth + rng.int(20, 38));
        name = personName(rng, gender, headGender === 'MALE' || rng.chance(0.5) ? family : undefined);
        break;
      case 'GRANDCHILD':
        gender = rng.chance(0.52) ? 'MALE' : 'FEMALE';
        birthYear = Math.min(REGISTERED_YEAR - 1, headBirth + rng.int(44, 62));
        name = personName(rng, gender, headGender === 'MALE' || rng.chance(0.5) ? family : undefined);
        break;
    }
    const age = asOfYear - birthYear;
    const disabled = m === disabledIndex || rng.chance(0.015);
    const inSchool = age >= 6 && age <= 15 ? rng.chance(0.97) : age >= 16 && age <= 18 ? rng.chance(0.6) : age >= 19 && age <= 22 ? rng.chance(0.2) : false;
    let canWork = !disabled && !inSchool && age >= 16 && age <= 64;
    if (canWork && cause === 'ILLNESS' && m === 0 && rng.chance(0.5)) canWork = false;
    if (canWork && cause === 'LACK_OF_LABOR' && rng.chance(0.7)) canWork = false;
    batch.add(MEMBER, [`${id}-M${m + 1}`, id, name, relation, gender, birthYear, canWork, inSchool, disabled]);
  }
  counters.members += size;

  batch.add(HOUSEHOLD, [
    id, code, headName, size, exited ? 'EXITED' : 'POOR', cause, REGISTERED_YEAR, exitedYear,
    exitedYear === null ? null : endOfYear(exitedYear + 2), city.code, county.code, township.code, village.code, endOfYear(asOfYear),
  ]);
  counters.households++;
  if (exited) counters.exitedHouseholds++;

  // yearly records (REGISTRY), REGISTERED_YEAR..asOfYear
  const fake = exited && rng.chance(FAKE_EXIT_SHARE) ? (rng.chance(0.5) ? 'income' : 'guarantee') : null;
  const readyToExit = plannedExit === asOfYear + 1;
  for (let y = REGISTERED_YEAR; y <= asOfYear; y++) {
    const line = ctx.povertyLine[y];
    const out = plannedExit <= y;
    let income: number;
    let g: boolean[];
    if (out) {
      income = line * rng.float(1.08, 1.9) * (1 + 0.05 * (y - plannedExit));
      g = [rng.chance(0.995), rng.chance(0.995), rng.chance(0.995), rng.chance(0.995), rng.chance(0.995), rng.chance(0.995)];
      if (y === asOfYear && fake === 'income') income = line * rng.float(0.75, 0.98);
      if (y === asOfYear && fake === 'guarantee') g[rng.int(2, 5)] = false;
    } else if (y === asOfYear && readyToExit) {
      income = line * rng.float(0.96, 1.3);
      g = [true, true, rng.chance(0.95), rng.chance(0.95), rng.chance(0.95), rng.chance(0.95)];
    } else {
      income = line * rng.float(0.45, 0.97);
      g = [rng.chance(0.9), rng.chance(0.94), rng.chance(0.85), rng.chance(0.82), rng.chance(0.7), rng.chance(0.72)];
    }
    const rigid = cause === 'ILLNESS' ? rng.int(out ? 1000 : 3000, out ? 8000 : 18000) : cause === 'EDUCATION' ? rng.int(2000, 9000) : rng.int(0, 2500);
    batch.add(HOUSEHOLD_YEAR, [`${id}-Y${y}`, id, y, Math.round(income * 100) / 100, g[0], g[1], g[2], g[3], g[4], g[5], rigid, 'REGISTRY', endOfYear(y)]);
    counters.yearRecords++;
  }

  // ledger (扶贫台账)
  batch.add(LEDGER_ENTRY, [`${id}-REGISTERED`, id, 'REGISTERED', REGISTERED_YEAR, isoDay(REGISTERED_YEAR, rng.int(90, 303)), `${REGISTERED_YEAR}年建档立卡`, null, null]);
  counters.ledgerEntries++;
  if (exitedYear !== null) {
    batch.add(LEDGER_ENTRY, [`${id}-EXITED`, id, 'EXITED', exitedYear, isoDay(exitedYear, rng.int(273, 357)), `${exitedYear}年脱贫销号`, null, null]);
    counters.ledgerEntries++;
  }
  return size;
}

/**
 * A poor village gets a team (驻村工作队): a first secretary (第一书记) and 2 team members. Every
 * registered household, exited or not (脱贫不脱帮扶), gets a responsible person (帮扶责任人), who
 * helps 4-6 households of the same village.
 */
function generateVillageCadres(rng: Rng, place: Place, householdIds: readonly string[], batch: RowBatch, counters: Counters): void {
  const { village, township, county, city } = place;
  const cadre = (code: string, position: string, unit: string) => {
    const gender: Gender = rng.chance(0.75) ? 'MALE' : 'FEMALE';
    batch.add(CADRE, [`C${code}`, code, personName(rng, gender), gender, unit, position, county.code, true]);
    counters.cadres++;
    return `C${code}`;
  };
  if (village.poor) {
    const r = rng.next();
    const secretaryUnit = r < 0.35 ? provinceUnit(rng) : r < 0.65 ? bureauOf(rng, city.name) : bureauOf(rng, county.name);
    const team = [cadre(`${village.code}T1`, 'FIRST_SECRETARY', secretaryUnit)];
    for (let i = 2; i <= 3; i++) {
      team.push(cadre(`${village.code}T${i}`, 'TEAM_MEMBER', rng.chance(0.6) ? bureauOf(rng, county.name) : townshipGovernment(township.name)));
    }
    for (const cadreId of team) {
      batch.add(CADRE_ASSIGNMENT, [`${cadreId}-${village.code}`, cadreId, 'VILLAGE_TEAM', village.code, null, ASSIGNMENT_START_YEAR, null]);
      counters.assignments++;
    }
  }
  let group = 0;
  for (let start = 0; start < householdIds.length; ) {
    const end = Math.min(householdIds.length, start + rng.int(4, 6));
    const r = rng.next();
    const unit = r < 0.5 ? bureauOf(rng, county.name) : r < 0.85 ? townshipGovernment(township.name) : bureauOf(rng, city.name);
    const cadreId = cadre(`${village.code}R${String(++group).padStart(3, '0')}`, 'RESPONSIBLE_PERSON', unit);
    for (let h = start; h < end; h++) {
      batch.add(CADRE_ASSIGNMENT, [`${cadreId}-${householdIds[h]}`, cadreId, 'HOUSEHOLD_RESPONSIBLE', village.code, householdIds[h], ASSIGNMENT_START_YEAR, null]);
      counters.assignments++;
    }
    start = end;
  }
}
