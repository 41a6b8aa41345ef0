/**
 * The yearly exit verification's activities (年度脱贫退出核查): every read and write its workflows
 * need (workflows/exit-verification.ts). Household work is batched per village. Every write is
 * idempotent (unique keys, or a status it moves from), so a retried activity never writes twice,
 * and every decision-bearing write is audited.
 */
import { Context } from '@temporalio/activity';
import { insertMany, type BulkTable } from '../lib/bulk-insert.ts';
import type { Db, Prisma } from '../lib/db.ts';
import { countyPolicyEnd, householdBenefitEnd } from '../rules/exit-verification/after-exit.ts';
import type { ExitVerificationConfig } from '../rules/exit-verification/config.ts';
import { countyTests, countyThresholds, type CountyTestsResult } from '../rules/exit-verification/county-tests.ts';
import type { DepartmentFact } from '../rules/exit-verification/department-facts.ts';
import { discrepancyRates, fakeExitFlags, type SampledFinding } from '../rules/exit-verification/fake-exits.ts';
import { deregistrationGuard, exitCandidates, type RegistryYearRecord } from '../rules/exit-verification/household.ts';
import { incidenceThreshold, INCIDENCE_SPEC, villageIncidence, villageMayExit } from '../rules/exit-verification/incidence.ts';
import type { CountyOutcome, CountyStage, ExitHouseholdStatus, VillageOutcome, VillageStage } from '../rules/exit-verification/process.ts';
import { rateTest } from '../rules/exit-verification/rate-test.ts';
import { auditData, type ActorRef } from './audit.ts';
import { departmentFactsFor } from './department-facts.ts';
import { DomainError, domainFailure } from './errors.ts';
import { drawAndStoreSample, sampleMeasures, sampleSizes, sampleStatus } from './exit-sample.ts';

/** What a step's task shows (small: the lists themselves are read from the exit rows). */
export type StepSnapshot = Record<string, unknown>;

const CHUNK = 500;

/**
 * The batched household activities (a village's assessment and deregistration, a county's flags,
 * sample and tests) run at most this many at once per worker process (EXIT_BATCH_CONCURRENCY, 2 by
 * default). Each is a run of database round trips; on SQLite every one of them is synchronous
 * (better-sqlite3) on the event loop the worker's workflow tasks also need, so hundreds of them in
 * flight (every village starting at once) starved the workflow tasks past their 10 s timeout. The
 * rest wait their turn here, heartbeating (LONG_ACTIVITY_OPTIONS has a heartbeat timeout).
 */
export const BATCH_CONCURRENCY = Math.max(1, Number(process.env.EXIT_BATCH_CONCURRENCY) || 2);

export class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  peak = 0;
  constructor(readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      const beat = setInterval(heartbeat, 10_000);
      try {
        await new Promise<void>((resolve) => this.waiting.push(resolve));
      } finally {
        clearInterval(beat);
      }
    } else this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes on
      else this.running -= 1;
    }
  }
}

/** Heartbeats when run as an activity (a direct call, e.g. from a script, has no context). */
function heartbeat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // not inside an activity
  }
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function toRecord(code: string, r: { year: number; incomePerCapita: number; foodSecure: boolean; clothingSecure: boolean; educationSecured: boolean; medicalSecured: boolean; housingSafe: boolean; drinkingWaterSafe: boolean; source: string } | undefined): RegistryYearRecord | null {
  if (!r) return null;
  return {
    householdCode: code,
    year: r.year,
    incomePerCapita: r.incomePerCapita,
    foodSecure: r.foodSecure,
    clothingSecure: r.clothingSecure,
    educationSecured: r.educationSecured,
    medicalSecured: r.medicalSecured,
    housingSafe: r.housingSafe,
    drinkingWaterSafe: r.drinkingWaterSafe,
    source: r.source,
  };
}

const RECORD_SELECT = { year: true, incomePerCapita: true, foodSecure: true, clothingSecure: true, educationSecured: true, medicalSecured: true, housingSafe: true, drinkingWaterSafe: true, source: true } as const;

/** Registry records of the year and the departments' facts for these households (by code). */
async function householdFacts(db: Db, year: number, households: { id: string; code: string }[]) {
  const records = new Map<string, RegistryYearRecord | null>();
  const facts = new Map<string, DepartmentFact[]>();
  for (const part of chunks(households)) {
    const rows = await db.householdYear.findMany({ where: { year, householdId: { in: part.map((h) => h.id) } }, select: { householdId: true, ...RECORD_SELECT } });
    const byId = new Map(rows.map((r) => [r.householdId, r]));
    for (const h of part) records.set(h.code, toRecord(h.code, byId.get(h.id)));
    for (const f of await departmentFactsFor(db, year, part.map((h) => h.code))) {
      const list = facts.get(f.householdCode);
      if (list) list.push(f);
      else facts.set(f.householdCode, [f]);
    }
  }
  return { records, facts };
}

/** A village's assessed households, written in one statement (lib/bulk-insert.ts): a province writes 2.2 million. */
const EXIT_HOUSEHOLD_ROWS: BulkTable<{ cycleId: string; householdId: string; villageId: string; countyId: string; candidate: boolean; assessment: unknown; reasonZh: string; reasonEn: string; status: string }> = {
  table: 'ExitHousehold',
  columns: { cycleId: 'text', householdId: 'text', villageId: 'text', countyId: 'text', candidate: 'boolean', assessment: 'json', reasonZh: 'text', reasonEn: 'text', status: 'text' },
  updatedAt: true,
};

async function villageCounts(db: Db, cycleId: string, villageId: string) {
  // one grouped read (each Prisma call costs about 1 to 2 ms of CPU on the worker's event loop)
  const groups = await db.exitHousehold.groupBy({ by: ['status', 'candidate', 'acknowledged'], where: { cycleId, villageId }, _count: { _all: true } });
  const by: Partial<Record<ExitHouseholdStatus, number>> = {};
  let acknowledged = 0;
  for (const g of groups) {
    by[g.status as ExitHouseholdStatus] = (by[g.status as ExitHouseholdStatus] ?? 0) + g._count._all;
    if (g.candidate && g.acknowledged === true) acknowledged += g._count._all;
  }
  const assessed = groups.reduce((s, g) => s + g._count._all, 0);
  return {
    assessed,
    candidates: (by.CANDIDATE ?? 0) + (by.HELD ?? 0) + (by.EXITED ?? 0) + (by.REFUSED ?? 0) + (by.OBJECTION_UPHELD ?? 0) + (by.NOT_ACKNOWLEDGED ?? 0) + (by.WITHDRAWN ?? 0),
    acknowledged,
    held: by.HELD ?? 0,
    exited: by.EXITED ?? 0,
    refused: by.REFUSED ?? 0,
    byStatus: by,
  };
}

/**
 * Flags this cycle's exit claims of a county (its EXITED households) contradicted by the registry
 * and the departments' data, or by the sampled findings given; replaces the county's earlier flags
 * and stores their count and the discrepancy rates on the county. Returns the number of flags.
 */
async function writeFakeExitFlags(db: Db, { cycleId, countyId, config, findings }: { cycleId: string; countyId: string; config: ExitVerificationConfig; findings: SampledFinding[] }): Promise<number> {
  const exitedRows = await db.exitHousehold.findMany({ where: { cycleId, countyId, status: 'EXITED' }, select: { householdId: true } });
  const claimed: { id: string; code: string }[] = [];
  for (const part of chunks(exitedRows.map((r) => r.householdId))) claimed.push(...(await db.household.findMany({ where: { id: { in: part } }, select: { id: true, code: true } })));
  const idOf = new Map(claimed.map((h) => [h.code, h.id]));
  const { records, facts } = await householdFacts(db, config.year, claimed);
  const claims = claimed.map((h) => ({ householdCode: h.code, countyCode: countyId, year: config.year }));
  const flags = fakeExitFlags(claims, { records: [...records.values()].filter((r): r is RegistryYearRecord => r !== null), facts: [...facts.values()].flat() }, findings, config);
  const [discrepancy] = discrepancyRates({ claims, flags, findings, year: config.year, counties: [countyId] });
  await db.$transaction(async (tx) => {
    await tx.exitFlag.deleteMany({ where: { cycleId, countyId } });
    for (const part of chunks(flags)) {
      await tx.exitFlag.createMany({
        data: part.map((f) => ({ cycleId, countyId, householdId: idOf.get(f.householdCode) as string, kind: f.kind, messageZh: f.message.zh, messageEn: f.message.en, evidence: f.evidence as unknown as Prisma.InputJsonValue })),
      });
    }
    await tx.exitCounty.update({ where: { cycleId_countyId: { cycleId, countyId } }, data: { flags: flags.length, discrepancy: discrepancy as unknown as Prisma.InputJsonValue } });
  });
  return flags.length;
}

export function createExitVerificationActivities(db: Db, gate = new Gate(BATCH_CONCURRENCY)) {
  // the names of the ancestors are read by every village of a county: kept once per worker
  const names = new Map<string, string>();
  const regionName = async (id: string) => {
    let name = names.get(id);
    if (name === undefined) {
      name = (await db.region.findUnique({ where: { id }, select: { name: true } }))?.name ?? id;
      if (id.length < 12 && names.size < 10_000) names.set(id, name);
    }
    return name;
  };
  /** 怀化市沅陵县XX镇XX村: the names of the region's ancestors below the province, then its own */
  const fullName = async (id: string) => {
    const names: string[] = [];
    for (const len of [4, 6, 9, 12]) if (id.length >= len) names.push(await regionName(id.slice(0, len)));
    return names.join('');
  };

  const activities = {
    // ------------------------------------------------------------------ cycle
    /** The cycle's own row, written by its workflow (config frozen, seed recorded). */
    async openExitCycle(input: { cycleId: string; workflowId: string; year: number; regionId: string; config: ExitVerificationConfig; configVersion: number; seed: string; launchedBy: ActorRef }): Promise<void> {
      const existing = await db.cycle.findUnique({ where: { id: input.cycleId }, select: { id: true } });
      if (existing) return;
      await db.$transaction([
        db.cycle.create({
          data: {
            id: input.cycleId,
            type: 'EXIT_VERIFICATION',
            year: input.year,
            regionId: input.regionId,
            stage: 'LAUNCHED',
            workflowId: input.workflowId,
            config: input.config as unknown as Prisma.InputJsonValue,
            configVersion: input.configVersion,
            seed: input.seed,
            createdById: input.launchedBy.id ?? 'system',
          },
        }),
        db.auditEvent.create({
          data: auditData({ actor: input.launchedBy, action: 'CYCLE_OPENED', targetType: 'CYCLE', targetId: input.cycleId, regionId: input.regionId, workflowId: input.workflowId, details: { year: input.year, configVersion: input.configVersion, seed: input.seed } }),
        }),
      ]);
    },

    /**
     * Counties of the region that have a register to verify: any registered household (poor or
     * exited). A county without register data has nothing to verify or to prove an exit with.
     */
    async listExitCounties({ regionId }: { regionId: string }): Promise<{ countyId: string }[]> {
      const counties = await db.household.groupBy({ by: ['countyId'], where: { countyId: { startsWith: regionId } }, _count: { _all: true } });
      return counties.map((g) => g.countyId).sort().map((countyId) => ({ countyId }));
    },

    async setCycleStage({ cycleId, stage, progress }: { cycleId: string; stage: string; progress?: Record<string, unknown> }): Promise<void> {
      await db.cycle.update({ where: { id: cycleId }, data: { stage, ...(progress ? { progress: progress as Prisma.InputJsonValue } : {}) } });
    },

    async closeExitCycle({ cycleId, status, actor }: { cycleId: string; status: 'COMPLETED' | 'CANCELLED'; actor: ActorRef }): Promise<void> {
      const cycle = await db.cycle.findUniqueOrThrow({ where: { id: cycleId } });
      if (cycle.status !== 'RUNNING') return;
      const counties = await db.exitCounty.groupBy({ by: ['outcome'], where: { cycleId }, _count: { _all: true } });
      const households = await db.exitHousehold.groupBy({ by: ['status'], where: { cycleId }, _count: { _all: true } });
      const progress = {
        countyOutcomes: Object.fromEntries(counties.map((g) => [g.outcome ?? 'NONE', g._count._all])),
        households: Object.fromEntries(households.map((g) => [g.status, g._count._all])),
      };
      await db.$transaction([
        db.cycle.update({ where: { id: cycleId }, data: { status, stage: status, completedAt: new Date(), progress } }),
        db.auditEvent.create({ data: auditData({ actor, action: status === 'COMPLETED' ? 'CYCLE_COMPLETED' : 'CYCLE_CANCELLED', targetType: 'CYCLE', targetId: cycleId, regionId: cycle.regionId, workflowId: cycle.workflowId, details: progress }) }),
      ]);
    },

    // ------------------------------------------------------------------ county
    async openExitCounty({ cycleId, countyId, workflowId }: { cycleId: string; countyId: string; workflowId: string }): Promise<{ name: string; villages: string[] }> {
      const region = await db.region.findUniqueOrThrow({ where: { id: countyId } });
      const villages = (await db.household.groupBy({ by: ['villageId'], where: { countyId, status: 'POOR' }, _count: { _all: true } })).map((g) => g.villageId).sort();
      await db.exitCounty.upsert({
        where: { cycleId_countyId: { cycleId, countyId } },
        create: { cycleId, countyId, cityId: countyId.slice(0, 4), workflowId, stage: 'VILLAGES', poorCounty: region.isPoor, villages: villages.length },
        update: {},
      });
      return { name: await fullName(countyId), villages };
    },

    /** Moves the county to a stage; the snapshot its step's task shows. */
    async enterCountyStage({ cycleId, countyId, stage }: { cycleId: string; countyId: string; stage: CountyStage }): Promise<StepSnapshot> {
      const row = await db.exitCounty.update({ where: { cycleId_countyId: { cycleId, countyId } }, data: { stage } });
      const sample = await db.sampleEntry.groupBy({ by: ['kind'], where: { cycleId, countyId }, _count: { _all: true } });
      return {
        cycleId,
        countyId,
        stage,
        households: { assessed: row.assessed, candidates: row.candidates, exited: row.exited, refused: row.refused },
        villages: { total: row.villages, exited: row.villagesExited },
        sample: Object.fromEntries(sample.map((g) => [g.kind, g._count._all])),
        tests: row.tests ?? null,
      };
    },

    /**
     * After the villages: the county's sums, and whether it may apply to exit (摘帽): a poor county
     * not yet exited whose incidence is under its threshold.
     */
    async countyExitEligibility({ cycleId, countyId, config }: { cycleId: string; countyId: string; config: ExitVerificationConfig }): Promise<{ eligible: true } | { eligible: false; outcome: CountyOutcome; reason: string }> {
      const sums = await db.exitVillage.aggregate({ where: { cycleId, countyId }, _sum: { assessed: true, candidates: true, exited: true, refused: true, held: true }, _count: { _all: true } });
      const villagesExited = await db.exitVillage.count({ where: { cycleId, countyId, villageOutcome: 'EXITED' } });
      await db.exitCounty.update({
        where: { cycleId_countyId: { cycleId, countyId } },
        data: {
          villagesDone: sums._count._all,
          assessed: sums._sum.assessed ?? 0,
          candidates: sums._sum.candidates ?? 0,
          exited: sums._sum.exited ?? 0,
          refused: sums._sum.refused ?? 0,
          held: sums._sum.held ?? 0,
          villagesExited,
        },
      });
      const county = await db.region.findUniqueOrThrow({ where: { id: countyId } });
      if (!county.isPoor) return { eligible: false, outcome: 'NOT_POOR', reason: 'not a poor county (贫困县)' };
      if (county.exitYear !== null) return { eligible: false, outcome: 'ALREADY_EXITED', reason: `exited in ${county.exitYear}` };
      const poor = await db.member.count({ where: { household: { countyId, status: 'POOR' } } });
      const threshold = incidenceThreshold('county', { code: county.code, isWestern: county.isWestern }, config);
      // a recorded rural population below the poor population is a data error: it cannot make the county pass
      const test = rateTest(INCIDENCE_SPEC, poor, Math.max(county.ruralPopulation, poor), threshold.value);
      if (!test.pass) return { eligible: false, outcome: 'NOT_BELOW_THRESHOLD', reason: test.formula.en };
      return { eligible: true };
    },

    /** The third-party sample (第三方抽样): seeded by the cycle, sizes from config, stored once. */
    async drawCountySample({ cycleId, countyId, seed, config }: { cycleId: string; countyId: string; seed: string; config: ExitVerificationConfig }): Promise<void> {
      const drawn = await drawAndStoreSample(db, { cycleId, countyId, seed, sizes: sampleSizes(config, countyId) });
      await db.exitCounty.update({ where: { cycleId_countyId: { cycleId, countyId } }, data: { sample: drawn as unknown as Prisma.InputJsonValue } });
    },

    /** Eligibility of the survey step's APPROVE: every sampled entry has a finding. */
    async checkFindingsComplete({ cycleId, countyId }: { cycleId: string; countyId: string }): Promise<void> {
      const { unfound } = await sampleStatus(db, { cycleId, countyId });
      if (unfound > 0) throw domainFailure(DomainError.STEP_INCOMPLETE, `${unfound} sampled households of county ${countyId} have no finding yet`, { missing: unfound });
    },

    async countDisputes({ cycleId, countyId }: { cycleId: string; countyId: string }): Promise<number> {
      const { disputes } = await sampleStatus(db, { cycleId, countyId });
      return disputes.OPEN + disputes.UPHELD + disputes.DISMISSED;
    },

    /** Eligibility of the dispute review's APPROVE: every dispute decided. */
    async checkDisputesDecided({ cycleId, countyId }: { cycleId: string; countyId: string }): Promise<void> {
      const { disputes } = await sampleStatus(db, { cycleId, countyId });
      if (disputes.OPEN > 0) throw domainFailure(DomainError.STEP_INCOMPLETE, `${disputes.OPEN} disputes of county ${countyId} are not decided yet`, { open: disputes.OPEN });
    },

    /** Every county, after its villages: this cycle's exits contradicted by the data (假脱贫 / 数字脱贫). */
    async flagFakeExits({ cycleId, countyId, config }: { cycleId: string; countyId: string; config: ExitVerificationConfig }): Promise<number> {
      return writeFakeExitFlags(db, { cycleId, countyId, config, findings: [] });
    },

    /**
     * 三率一度 for the county (with formula and inputs) and the fake-exit flags of its exit claims
     * (this cycle's exits, against the registry and the sampled findings); stored on the county.
     */
    async runCountyTests({ cycleId, countyId, config }: { cycleId: string; countyId: string; config: ExitVerificationConfig }): Promise<{ pass: boolean; failed: string[] }> {
      const county = await db.region.findUniqueOrThrow({ where: { id: countyId } });
      const measures = await sampleMeasures(db, { cycleId, countyId });
      const poorPopulation = await db.member.count({ where: { household: { countyId, status: 'POOR' } } });
      // the unregistered population of the sampled villages is an estimate; missed people found beyond it
      // widen it (the evaluator's count is a fact, the estimate is not), and the inputs say so
      const unregisteredPopulation = Math.max(measures.inputs.unregisteredPopulation, measures.inputs.missed);
      const inputs = { ...measures.inputs, unregisteredPopulation, poorPopulation, ruralPopulation: Math.max(county.ruralPopulation, poorPopulation), ...(unregisteredPopulation > measures.inputs.unregisteredPopulation ? { unregisteredEstimate: measures.inputs.unregisteredPopulation } : {}) };
      const result: CountyTestsResult = countyTests(inputs, countyThresholds({ code: county.code, isWestern: county.isWestern }, config));

      const flags = await writeFakeExitFlags(db, { cycleId, countyId, config, findings: measures.findings });
      await db.$transaction([
        db.exitCounty.update({ where: { cycleId_countyId: { cycleId, countyId } }, data: { tests: { inputs, ...result } as unknown as Prisma.InputJsonValue, testsPassed: result.pass } }),
        db.auditEvent.create({ data: auditData({ actor: { id: null, name: 'system (exit verification)' }, action: 'COUNTY_TESTS_COMPUTED', targetType: 'COUNTY', targetId: countyId, regionId: countyId, details: { cycleId, pass: result.pass, failed: result.failed, flags } }) }),
      ]);
      return { pass: result.pass, failed: result.failed };
    },

    /** Announcement of the county's exit (摘帽): exit year and the policy-continuation end (摘帽不摘政策). */
    async announceCountyExit({ cycleId, countyId, config, actor }: { cycleId: string; countyId: string; config: ExitVerificationConfig; actor: ActorRef }): Promise<void> {
      const until = countyPolicyEnd(config.year, config);
      const county = await db.exitCounty.findUniqueOrThrow({ where: { cycleId_countyId: { cycleId, countyId } } });
      if (county.outcome === 'EXITED') return;
      await db.$transaction([
        db.region.update({ where: { id: countyId }, data: { exitYear: config.year, policyKeptUntilYear: until.untilYear } }),
        db.exitCounty.update({ where: { id: county.id }, data: { policyKeptUntilYear: until.untilYear } }),
        db.auditEvent.create({ data: auditData({ actor, action: 'COUNTY_EXIT_ANNOUNCED', targetType: 'COUNTY', targetId: countyId, regionId: countyId, workflowId: county.workflowId, details: { cycleId, year: config.year, policyKeptUntil: until.untilDate } }) }),
      ]);
    },

    async finishCounty({ cycleId, countyId, outcome, reason }: { cycleId: string; countyId: string; outcome: CountyOutcome; reason: string }): Promise<void> {
      await db.exitCounty.update({ where: { cycleId_countyId: { cycleId, countyId } }, data: { stage: 'DONE', outcome, outcomeReason: reason.slice(0, 2000) } });
    },

    // ------------------------------------------------------------------ village
    /**
     * Assesses every registered-poor household of the village against the year's standard (registry
     * record + department facts), one row each with the reason; once per cycle (a retry finds them).
     */
    async assessVillage({ cycleId, villageId, countyId, workflowId, config }: { cycleId: string; villageId: string; countyId: string; workflowId: string; config: ExitVerificationConfig }): Promise<{ label: string; assessed: number; candidates: number }> {
      const region = await db.region.findUniqueOrThrow({ where: { id: villageId } });
      const label = await fullName(villageId);
      const existing = await db.exitVillage.findUnique({ where: { cycleId_villageId: { cycleId, villageId } } });
      if (existing && existing.stage !== 'ASSESSING') return { label, assessed: existing.assessed, candidates: existing.candidates };
      const households = await db.household.findMany({ where: { villageId, status: 'POOR' }, select: { id: true, code: true, status: true }, orderBy: { code: 'asc' } });
      const { records, facts } = await householdFacts(db, config.year, households);
      const results = exitCandidates(
        households.map((h) => ({ householdCode: h.code, status: h.status, record: records.get(h.code), facts: facts.get(h.code) ?? [] })),
        config,
      );
      const candidates = results.filter((r) => r.candidate).length;
      await db.$transaction(async (tx) => {
        await tx.exitVillage.upsert({
          where: { cycleId_villageId: { cycleId, villageId } },
          create: { cycleId, villageId, townshipId: villageId.slice(0, 9), countyId, workflowId, stage: 'ASSESSING', poorVillage: region.isPoor },
          update: {},
        });
        await tx.exitHousehold.deleteMany({ where: { cycleId, villageId } });
        await insertMany(
          tx,
          EXIT_HOUSEHOLD_ROWS,
          results.map((r, i) => ({
            cycleId,
            householdId: households[i].id,
            villageId,
            countyId,
            candidate: r.candidate,
            assessment: r.assessment ?? {},
            reasonZh: r.reason.zh.slice(0, 2000),
            reasonEn: r.reason.en.slice(0, 2000),
            status: r.candidate ? 'CANDIDATE' : 'NOT_CANDIDATE',
          })),
        );
        await tx.exitVillage.update({ where: { cycleId_villageId: { cycleId, villageId } }, data: { assessed: households.length, candidates, stage: candidates > 0 ? 'APPRAISAL' : 'ANNOUNCED' } });
      });
      return { label, assessed: households.length, candidates };
    },

    /** Moves the village to a stage; the snapshot its step's task shows (counts; the list is read from the rows). */
    async enterVillageStage({ cycleId, villageId, stage }: { cycleId: string; villageId: string; stage: VillageStage }): Promise<StepSnapshot> {
      const counts = await villageCounts(db, cycleId, villageId);
      const row = await db.exitVillage.update({ where: { cycleId_villageId: { cycleId, villageId } }, data: { stage, acknowledged: counts.acknowledged, held: counts.held, exited: counts.exited, refused: counts.refused } });
      return { cycleId, villageId, stage, assessed: counts.assessed, candidates: counts.candidates, acknowledged: counts.acknowledged, held: counts.held, exited: counts.exited, refused: counts.refused, incidence: row.incidence ?? null };
    },

    /** Eligibility of the appraisal's APPROVE: every candidate's acknowledgement recorded (户认可). */
    async checkAppraisalComplete({ cycleId, villageId }: { cycleId: string; villageId: string }): Promise<void> {
      const missing = await db.exitHousehold.count({ where: { cycleId, villageId, status: 'CANDIDATE', acknowledged: null } });
      if (missing > 0) throw domainFailure(DomainError.STEP_INCOMPLETE, `${missing} candidate households of village ${villageId} have no acknowledgement recorded`, { missing });
    },

    /** The township rejected the village's list: its candidates do not exit this year. */
    async withdrawCandidates({ cycleId, villageId, reason, actor }: { cycleId: string; villageId: string; reason: string; actor: ActorRef }): Promise<void> {
      await db.$transaction([
        db.exitHousehold.updateMany({ where: { cycleId, villageId, status: 'CANDIDATE' }, data: { status: 'WITHDRAWN' } }),
        db.auditEvent.create({ data: auditData({ actor, action: 'EXIT_LIST_WITHDRAWN', targetType: 'VILLAGE', targetId: villageId, regionId: villageId, details: { cycleId, reason } }) }),
      ]);
    },

    /**
     * Opens a public notice (公示). A household notice lists the village's acknowledged candidates
     * (those who did not acknowledge drop out now: NOT_ACKNOWLEDGED); returns the listed households.
     */
    async openNotice(input: { cycleId: string; workflowId: string; key: string; subjectType: 'VILLAGE' | 'COUNTY'; subjectId: string; title: string; periodMs: number }): Promise<{ noticeId: string; households: string[] }> {
      const isHouseholdNotice = input.key.startsWith('household-notice');
      let households: string[] = [];
      if (isHouseholdNotice) {
        await db.exitHousehold.updateMany({ where: { cycleId: input.cycleId, villageId: input.subjectId, status: 'CANDIDATE', acknowledged: false }, data: { status: 'NOT_ACKNOWLEDGED' } });
        households = (await db.exitHousehold.findMany({ where: { cycleId: input.cycleId, villageId: input.subjectId, status: { in: ['CANDIDATE', 'HELD'] } }, select: { householdId: true } })).map((h) => h.householdId);
      }
      const existing = await db.publicNotice.findUnique({ where: { workflowId_stepKey: { workflowId: input.workflowId, stepKey: input.key } } });
      const now = new Date();
      const notice =
        existing ??
        (await db.publicNotice.create({
          data: { subjectType: input.subjectType, subjectId: input.subjectId, title: input.title, workflowId: input.workflowId, stepKey: input.key, startsAt: now, endsAt: new Date(now.getTime() + input.periodMs) },
        }));
      if (isHouseholdNotice) await db.exitVillage.update({ where: { cycleId_villageId: { cycleId: input.cycleId, villageId: input.subjectId } }, data: { noticeId: notice.id } });
      return { noticeId: notice.id, households };
    },

    async closeNotice({ noticeId }: { noticeId: string }): Promise<void> {
      await db.publicNotice.updateMany({ where: { id: noticeId, closedAt: null }, data: { closedAt: new Date() } });
    },

    /** An objection filed during a notice (run on the objection's own update): its row, and a household held. */
    async recordObjection(input: { cycleId: string; workflowId: string; noticeId: string; objection: { objectionId: string; subjectType: string; subjectId: string; regionId: string; reason: string; actor: ActorRef }; holds: boolean }): Promise<void> {
      const o = input.objection;
      const existing = await db.objection.findUnique({ where: { id: o.objectionId }, select: { id: true } });
      if (existing) return;
      await db.$transaction(async (tx) => {
        await tx.objection.create({ data: { id: o.objectionId, noticeId: input.noticeId, subjectType: o.subjectType as 'HOUSEHOLD' | 'VILLAGE' | 'COUNTY', subjectId: o.subjectId, regionId: o.regionId, reason: o.reason, raisedById: o.actor.id ?? 'system' } });
        if (input.holds) await tx.exitHousehold.updateMany({ where: { cycleId: input.cycleId, householdId: o.subjectId, status: 'CANDIDATE' }, data: { status: 'HELD' } });
        await tx.auditEvent.create({ data: auditData({ actor: o.actor, action: 'OBJECTION_RECORDED', targetType: o.subjectType, targetId: o.subjectId, regionId: o.regionId, workflowId: input.workflowId, details: { objectionId: o.objectionId, noticeId: input.noticeId, held: input.holds } }) });
      });
    },

    /** What the re-verification of a household shows: its assessment and the objections. */
    async objectionSnapshot({ cycleId, householdId }: { cycleId: string; householdId: string }): Promise<StepSnapshot> {
      const row = await db.exitHousehold.findUniqueOrThrow({ where: { cycleId_householdId: { cycleId, householdId } } });
      const objections = await db.objection.findMany({ where: { subjectType: 'HOUSEHOLD', subjectId: householdId, status: 'OPEN' }, select: { id: true, reason: true, createdAt: true }, orderBy: { createdAt: 'asc' }, take: 20 });
      return { cycleId, householdId, reason: { zh: row.reasonZh, en: row.reasonEn }, acknowledged: row.acknowledged, objections: objections.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })) };
    },

    /** The re-verification's outcome: every open objection of the subject upheld or dismissed; an upheld household stays poor. */
    async settleObjections(input: { cycleId: string; workflowId: string; subjectType: string; subjectId: string; upheld: boolean; actor: ActorRef; comment: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.objection.updateMany({ where: { subjectType: input.subjectType as 'HOUSEHOLD', subjectId: input.subjectId, status: 'OPEN', notice: { workflowId: input.workflowId } }, data: { status: input.upheld ? 'UPHELD' : 'DISMISSED' } });
        if (input.subjectType === 'HOUSEHOLD') {
          await tx.exitHousehold.updateMany({ where: { cycleId: input.cycleId, householdId: input.subjectId, status: 'HELD' }, data: { status: input.upheld ? 'OBJECTION_UPHELD' : 'CANDIDATE' } });
        }
        await tx.auditEvent.create({ data: auditData({ actor: input.actor, action: input.upheld ? 'OBJECTION_UPHELD' : 'OBJECTION_DISMISSED', targetType: input.subjectType, targetId: input.subjectId, workflowId: input.workflowId, details: { cycleId: input.cycleId, comment: input.comment } }) });
      });
    },

    /**
     * Announcement (公告) and deregistration (销号) in one write per village: every acknowledged
     * candidate not held (or the given ones) is checked again against current data; it exits
     * (status, exit year, benefits end, an EXITED ledger entry) or is refused with the failed
     * criterion. Idempotent: only rows still CANDIDATE are touched.
     */
    async deregisterHouseholds({ cycleId, villageId, config, householdIds, actor }: { cycleId: string; villageId: string; config: ExitVerificationConfig; householdIds?: string[]; actor: ActorRef }): Promise<{ exited: number; refused: number }> {
      const rows = await db.exitHousehold.findMany({ where: { cycleId, villageId, status: 'CANDIDATE', acknowledged: true, ...(householdIds ? { householdId: { in: householdIds } } : {}) }, select: { id: true, householdId: true } });
      if (rows.length === 0) return { exited: 0, refused: 0 };
      const households = await db.household.findMany({ where: { id: { in: rows.map((r) => r.householdId) } }, select: { id: true, code: true, status: true } });
      const byId = new Map(households.map((h) => [h.id, h]));
      const { records, facts } = await householdFacts(db, config.year, households);
      const cycle = await db.cycle.findUniqueOrThrow({ where: { id: cycleId }, select: { workflowId: true } });
      const now = new Date();
      const benefitsUntil = new Date(`${householdBenefitEnd(config.year, config)}T23:59:59.999Z`);
      let exited = 0;
      let refused = 0;
      // the verdicts first, then the writes in bulk: three statements per chunk of exits instead of
      // three per household (a refusal keeps its own update: each carries its own criterion)
      const exits: { rowId: string; householdId: string }[] = [];
      const refusals: { rowId: string; refusal: Prisma.InputJsonValue }[] = [];
      for (const row of rows) {
        const h = byId.get(row.householdId);
        if (!h) continue;
        const verdict = deregistrationGuard(h, records.get(h.code), facts.get(h.code) ?? [], config);
        if (verdict.allowed) exits.push({ rowId: row.id, householdId: h.id });
        else refusals.push({ rowId: row.id, refusal: { failed: verdict.failed, message: verdict.message } as unknown as Prisma.InputJsonValue });
      }
      exited = exits.length;
      refused = refusals.length;
      await db.$transaction(async (tx) => {
        for (const part of chunks(exits)) {
          await tx.household.updateMany({ where: { id: { in: part.map((e) => e.householdId) } }, data: { status: 'EXITED', exitedYear: config.year, benefitsUntil } });
          await tx.ledgerEntry.createMany({ data: part.map((e) => ({ householdId: e.householdId, kind: 'EXITED' as const, year: config.year, at: now, reason: `${config.year}年脱贫退出核查销号`, workflowId: cycle.workflowId, processId: cycleId, actorId: actor.id })) });
          await tx.exitHousehold.updateMany({ where: { id: { in: part.map((e) => e.rowId) } }, data: { status: 'EXITED', exitedAt: now } });
        }
        for (const r of refusals) await tx.exitHousehold.update({ where: { id: r.rowId }, data: { status: 'REFUSED', refusal: r.refusal } });
        await tx.auditEvent.create({
          data: auditData({ actor, action: 'HOUSEHOLDS_DEREGISTERED', targetType: 'VILLAGE', targetId: villageId, regionId: villageId, workflowId: cycle.workflowId, outcome: refused > 0 ? (exited > 0 ? 'PARTIAL' : 'REJECTED') : 'SUCCESS', details: { cycleId, exited, refused, householdIds: householdIds ?? null } }),
        });
      });
      return { exited, refused };
    },

    /** After the household exits: may this village exit (出列)? Its incidence is stored with formula and threshold. */
    async villageExitEligibility({ cycleId, villageId, config }: { cycleId: string; villageId: string; config: ExitVerificationConfig }): Promise<{ eligible: true } | { eligible: false; outcome: VillageOutcome }> {
      const village = await db.region.findUniqueOrThrow({ where: { id: villageId } });
      const poorPopulation = await db.member.count({ where: { household: { villageId, status: 'POOR' } } });
      const counts = { poorPopulation, ruralPopulation: Math.max(village.ruralPopulation, poorPopulation) };
      const verdict = villageMayExit({ code: village.code, isWestern: village.isWestern, ...counts }, config);
      await db.exitVillage.update({ where: { cycleId_villageId: { cycleId, villageId } }, data: { incidence: { ...villageIncidence(counts), test: verdict.test, threshold: verdict.threshold } as unknown as Prisma.InputJsonValue } });
      if (!village.isPoor || village.exitYear !== null) return { eligible: false, outcome: 'NOT_POOR' };
      return verdict.mayExit ? { eligible: true } : { eligible: false, outcome: 'NOT_BELOW_THRESHOLD' };
    },

    async announceVillageExit({ cycleId, villageId, config, actor }: { cycleId: string; villageId: string; config: ExitVerificationConfig; actor: ActorRef }): Promise<void> {
      const village = await db.region.findUniqueOrThrow({ where: { id: villageId } });
      if (village.exitYear !== null) return;
      const until = countyPolicyEnd(config.year, config);
      const row = await db.exitVillage.findUniqueOrThrow({ where: { cycleId_villageId: { cycleId, villageId } } });
      await db.$transaction([
        db.region.update({ where: { id: villageId }, data: { exitYear: config.year, policyKeptUntilYear: until.untilYear } }),
        db.auditEvent.create({ data: auditData({ actor, action: 'VILLAGE_EXIT_ANNOUNCED', targetType: 'VILLAGE', targetId: villageId, regionId: villageId, workflowId: row.workflowId, details: { cycleId, year: config.year } }) }),
      ]);
    },

    async finishVillage({ cycleId, villageId, villageOutcome }: { cycleId: string; villageId: string; villageOutcome: VillageOutcome }): Promise<void> {
      const counts = await villageCounts(db, cycleId, villageId);
      await db.exitVillage.update({ where: { cycleId_villageId: { cycleId, villageId } }, data: { stage: 'DONE', villageOutcome, acknowledged: counts.acknowledged, held: counts.held, exited: counts.exited, refused: counts.refused } });
    },
  };
  return {
    ...activities,
    assessVillage: gated(gate, activities.assessVillage),
    deregisterHouseholds: gated(gate, activities.deregisterHouseholds),
    flagFakeExits: gated(gate, activities.flagFakeExits),
    drawCountySample: gated(gate, activities.drawCountySample),
    runCountyTests: gated(gate, activities.runCountyTests),
  };
}

export type ExitVerificationActivities = ReturnType<typeof createExitVerificationActivities>;

type Activity = (input: never) => Promise<unknown>;
function gated<F extends Activity>(gate: Gate, fn: F): F {
  return ((input: never) => gate.run(() => fn(input))) as F;
}
