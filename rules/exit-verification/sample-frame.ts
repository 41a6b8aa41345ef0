/**
 * The sampling frame of a county's third-party assessment (第三方评估抽样框): the population that
 * `drawCountySample` (rules/sampling.ts) draws from.
 *
 * - Inside the register (建档立卡户): every registered household of the county, poor or exited,
 *   one id each (its Household id).
 * - Outside the register: the register does not list the other rural households, so the frame
 *   holds *visit slots* (走访名额) instead, one per estimated unregistered household of the
 *   village, identified `outside:<villageId>:<n>` (n = 1, 2, …). The evaluator visits the n-th
 *   unregistered household the village's own list gives on the day and records whom they visited
 *   (`visitedName`).
 *
 * The estimate of a village's unregistered households (非建档立卡户数估计):
 *
 *     unregistered people     = max(0, ruralPopulation − registered people)
 *     mean household size     = registered people ÷ registered households   (of the village)
 *     unregistered households = round(unregistered people ÷ mean household size)   (halves up)
 *
 * The register's households are the only household sizes the data model knows, so they stand for
 * the village's households. Rounded to the nearest whole household, so that a village with a few
 * unregistered people still offers one visit (2 people, mean size 3 → 1 slot), and never below 0.
 * A village without registered households uses the county's mean registered household size; when
 * the county has no registered household at all there is no size to divide by and the village
 * offers no slot (the outside side then reports a shortfall). Villages with neither rural
 * population nor registered households are left out of the frame (a draw of such a village would
 * visit nobody). Pure: no I/O.
 */
import type { SampleHousehold } from '../sampling.ts';

export interface FrameVillage {
  id: string;
  /** Region.ruralPopulation (农村户籍人口) */
  ruralPopulation: number;
  /** people of the village's registered households (sum of Household.size) */
  registeredPeople: number;
  /** the village's registered households (poor or exited) */
  registeredHouseholds: number;
}

export interface FrameHousehold {
  id: string;
  villageId: string;
  /** POOR | EXITED: both are in the register */
  status: string;
}

export interface UnregisteredEstimate {
  villageId: string;
  /** max(0, ruralPopulation − registeredPeople) */
  unregisteredPeople: number;
  /** the divisor used: the village's mean registered household size, else the county's; null when neither exists */
  meanHouseholdSize: number | null;
  /** where the divisor comes from */
  sizeSource: 'village' | 'county' | 'none';
  /** visit slots offered: round(unregisteredPeople ÷ meanHouseholdSize), ≥ 0 */
  households: number;
}

export interface SampleFrame {
  /** villages in the frame (with rural population or registered households), sorted */
  villages: string[];
  /** registered households and outside-register visit slots, as drawCountySample takes them */
  households: SampleHousehold[];
  /** the estimate per village, sorted by village id */
  estimates: UnregisteredEstimate[];
}

const OUTSIDE_PREFIX = 'outside:';

/** The id of the n-th (1-based) visit slot among a village's unregistered households. */
export function outsideSlotId(villageId: string, n: number): string {
  return `${OUTSIDE_PREFIX}${villageId}:${n}`;
}

/** `outside:<villageId>:<n>` → its village and slot; null for any other id (a household id). */
export function parseOutsideSlotId(id: string): { villageId: string; slot: number } | null {
  if (!id.startsWith(OUTSIDE_PREFIX)) return null;
  const rest = id.slice(OUTSIDE_PREFIX.length);
  const colon = rest.lastIndexOf(':');
  if (colon <= 0) return null;
  const slot = Number(rest.slice(colon + 1));
  if (!Number.isInteger(slot) || slot < 1) return null;
  return { villageId: rest.slice(0, colon), slot };
}

function assertCount(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${field} must be a whole number ≥ 0, got ${value}`);
}

/** The estimate of one village's unregistered households (see the module comment). */
export function estimateUnregistered(village: FrameVillage, countyMeanSize: number | null): UnregisteredEstimate {
  assertCount(`ruralPopulation of ${village.id}`, village.ruralPopulation);
  assertCount(`registeredPeople of ${village.id}`, village.registeredPeople);
  assertCount(`registeredHouseholds of ${village.id}`, village.registeredHouseholds);
  const unregisteredPeople = Math.max(0, village.ruralPopulation - village.registeredPeople);
  const own = village.registeredHouseholds > 0 && village.registeredPeople > 0 ? village.registeredPeople / village.registeredHouseholds : null;
  const meanHouseholdSize = own ?? countyMeanSize;
  const sizeSource = own !== null ? 'village' : countyMeanSize !== null ? 'county' : 'none';
  const households = meanHouseholdSize === null ? 0 : Math.max(0, Math.round(unregisteredPeople / meanHouseholdSize));
  return { villageId: village.id, unregisteredPeople, meanHouseholdSize, sizeSource, households };
}

/**
 * The frame of one county: its registered households (inRegister) and the visit slots among each
 * village's unregistered households (outside the register). A household whose village is not
 * among `villages` is refused (the caller read them from the same county).
 */
export function sampleFrame(villages: readonly FrameVillage[], households: readonly FrameHousehold[]): SampleFrame {
  const byId = new Map<string, FrameVillage>();
  for (const v of villages) {
    if (byId.has(v.id)) throw new RangeError(`village ${v.id} is listed twice`);
    byId.set(v.id, v);
  }
  for (const h of households) {
    if (!byId.has(h.villageId)) throw new RangeError(`household ${h.id} is in village ${h.villageId}, which is not among the county's villages`);
  }
  const people = villages.reduce((sum, v) => sum + v.registeredPeople, 0);
  const count = villages.reduce((sum, v) => sum + v.registeredHouseholds, 0);
  const countyMeanSize = count > 0 && people > 0 ? people / count : null;

  const withHouseholds = new Set(households.map((h) => h.villageId));
  const inFrame = [...byId.values()].filter((v) => v.ruralPopulation > 0 || v.registeredHouseholds > 0 || withHouseholds.has(v.id)).sort((a, b) => cmp(a.id, b.id));
  const estimates = inFrame.map((v) => estimateUnregistered(v, countyMeanSize));
  const out: SampleHousehold[] = households.map((h) => ({ id: h.id, villageId: h.villageId, inRegister: true }));
  for (const e of estimates) {
    for (let n = 1; n <= e.households; n++) out.push({ id: outsideSlotId(e.villageId, n), villageId: e.villageId, inRegister: false });
  }
  return { villages: inFrame.map((v) => v.id), households: out, estimates };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
