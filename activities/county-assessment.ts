/**
 * Activities of the county assessment cycle (贫困县扶贫开发工作成效考核): its cycle row and stages,
 * the values entered at its steps, the indicators computed from the system's own register
 * (REGISTRY) with the counts and formula behind each value, the ranking snapshots, the ranking's
 * notice and objections, and the results. Idempotent: values are written on (cycle, county,
 * indicator), snapshots on (cycle, version), notices on (workflow, step key), so a retried
 * activity writes nothing twice.
 */
import type { Db, Prisma } from '../lib/db.ts';
import { COMPUTED_INDICATORS, type ComputedIndicator, type CountyAssessmentConfig } from '../rules/county-assessment/config.ts';
import { computeRegistryIndicators, type ComputedValue, type RegistryCounts } from '../rules/county-assessment/computed.ts';
import { COUNTY_ASSESSMENT, type AssessedCounty, type AssessmentStage, type EntrySource } from '../rules/county-assessment/process.ts';
import { applyResults, type CountyResult } from '../rules/county-assessment/results.ts';
import { rankCounties, type CountyInput, type RankingEntry } from '../rules/county-assessment/scoring.ts';
import { auditData, type ActorRef } from './audit.ts';
import { versionedConfig } from '../lib/versioned-config.ts';
import { CADRE_ACCOUNTABILITY, CadreAccountabilityConfig, DEFAULT_CADRE_ACCOUNTABILITY_CONFIG, type CaseKind } from '../rules/cadre-accountability.ts';

/** Counties per grouped read (SQLite binds at most 999 parameters per statement). */
const COUNTIES_PER_QUERY = 200;

const countOf = (rows: { countyId: string; _count: { _all: number } }[]) => new Map(rows.map((r) => [r.countyId, r._count._all]));

/**
 * What the register says about each county in `year`: households poor at its start, deregistered
 * in it (EXITED ledger entries of the year), poor during it and with a responsible cadre serving in
 * it, poor villages not exited before it and those with a stationed team serving in it. A few
 * grouped reads for the whole list, not one per county.
 */
export async function registryCounts(db: Db, year: number, countyIds: readonly string[], annualPlan: Readonly<Record<string, number>>): Promise<RegistryCounts[]> {
  const out: RegistryCounts[] = [];
  const serving = { startYear: { lte: year }, OR: [{ endYear: null }, { endYear: { gte: year } }] };
  for (let i = 0; i < countyIds.length; i += COUNTIES_PER_QUERY) {
    const ids = countyIds.slice(i, i + COUNTIES_PER_QUERY);
    const inCounties = { countyId: { in: ids } };
    const poorDuring = { registeredYear: { lte: year }, OR: [{ exitedYear: null }, { exitedYear: { gte: year } }] };
    const [atStart, exited, during, withResponsible, villages] = await Promise.all([
      db.household.groupBy({ by: ['countyId'], where: { ...inCounties, registeredYear: { lt: year }, OR: [{ exitedYear: null }, { exitedYear: { gte: year } }] }, _count: { _all: true } }),
      db.household.groupBy({ by: ['countyId'], where: { ...inCounties, ledger: { some: { kind: 'EXITED', year } } }, _count: { _all: true } }),
      db.household.groupBy({ by: ['countyId'], where: { ...inCounties, ...poorDuring }, _count: { _all: true } }),
      db.household.groupBy({ by: ['countyId'], where: { ...inCounties, ...poorDuring, responsibles: { some: { kind: 'HOUSEHOLD_RESPONSIBLE', ...serving } } }, _count: { _all: true } }),
      db.region.findMany({
        where: { level: 'VILLAGE', isPoor: true, OR: [{ exitYear: null }, { exitYear: { gte: year } }], AND: [{ OR: ids.map((id) => ({ id: { startsWith: id } })) }] },
        select: { id: true },
      }),
    ]);
    const teamed = new Set(
      (
        await db.cadreAssignment.findMany({
          where: { kind: 'VILLAGE_TEAM', ...serving, villageId: { in: villages.map((v) => v.id) } },
          select: { villageId: true },
          distinct: ['villageId'],
        })
      ).map((a) => a.villageId),
    );
    const atStartBy = countOf(atStart);
    const exitedBy = countOf(exited);
    const duringBy = countOf(during);
    const responsibleBy = countOf(withResponsible);
    for (const countyId of ids) {
      const mine = villages.filter((v) => v.id.startsWith(countyId));
      out.push({
        countyId,
        year,
        poorAtStart: atStartBy.get(countyId) ?? 0,
        exitedInYear: exitedBy.get(countyId) ?? 0,
        plannedExits: annualPlan[countyId] ?? null,
        poorVillages: mine.length,
        poorVillagesWithTeam: mine.filter((v) => teamed.has(v.id)).length,
        poorHouseholds: duringBy.get(countyId) ?? 0,
        poorHouseholdsWithResponsible: responsibleBy.get(countyId) ?? 0,
      });
    }
  }
  return out;
}

export interface RecordedComputed extends ComputedValue {
  countyId: string;
}

/**
 * Computes the REGISTRY indicators the cycle's framework uses (`codes`) for each county and records
 * them (IndicatorValue, source REGISTRY, sourceRef naming the counts and formula). A value that
 * cannot be computed is not recorded (the indicator then scores as missing, its formula kept in the
 * answer). Returns every computed value.
 */
export async function recordRegistryIndicators(
  db: Db,
  input: { cycleId: string; year: number; countyIds: readonly string[]; annualPlan: Readonly<Record<string, number>>; codes: readonly ComputedIndicator[] },
): Promise<RecordedComputed[]> {
  const counts = await registryCounts(db, input.year, input.countyIds, input.annualPlan);
  const wanted = new Set(input.codes);
  const computed = counts.flatMap((c) => computeRegistryIndicators(c).filter((v) => wanted.has(v.code)).map((v) => ({ ...v, countyId: c.countyId })));
  await db.$transaction(async (tx) => {
    for (const v of computed) {
      const key = { cycleId: input.cycleId, regionId: v.countyId, indicatorCode: v.code };
      if (v.value === null) {
        await tx.indicatorValue.deleteMany({ where: { ...key, source: 'REGISTRY' } });
        continue;
      }
      const sourceRef = `registry ${input.year}: ${v.formula.en}`.slice(0, 500);
      await tx.indicatorValue.upsert({
        where: { cycleId_regionId_indicatorCode: key },
        create: { ...key, value: v.value, source: 'REGISTRY', sourceRef },
        update: { value: v.value, source: 'REGISTRY', sourceRef, recordedAt: new Date() },
      });
    }
  });
  return computed;
}

/** A ranking entry as stored (RankingSnapshot.entries): the entry and what it means for the county. */
export interface StoredEntry extends RankingEntry {
  result: CountyResult;
}

/** What a review or approval task shows of a ranking. */
export interface RankingSummary {
  snapshotId: string;
  version: number;
  counties: number;
  /** rank, county, total of the first twenty */
  top: { rank: number; regionId: string; name: string; total: number }[];
  missingValues: number;
  late: string[];
  rewarded: string[];
  interviews: string[];
  accountability: string[];
}

export function createCountyAssessmentActivities(db: Db) {
  const cycleRow = (cycleId: string) => db.cycle.findUniqueOrThrow({ where: { id: cycleId }, select: { id: true, regionId: true, workflowId: true, status: true, progress: true } });

  return {
    async openAssessmentCycle(input: { cycleId: string; workflowId: string; year: number; regionId: string; config: CountyAssessmentConfig; configVersion: number; launchedBy: ActorRef }): Promise<void> {
      const existing = await db.cycle.findUnique({ where: { id: input.cycleId }, select: { id: true } });
      if (existing) return;
      await db.$transaction([
        db.cycle.create({
          data: { id: input.cycleId, type: COUNTY_ASSESSMENT, year: input.year, regionId: input.regionId, stage: 'LAUNCHED', workflowId: input.workflowId, config: input.config as unknown as Prisma.InputJsonValue, configVersion: input.configVersion, createdById: input.launchedBy.id ?? 'system' },
        }),
        db.auditEvent.create({ data: auditData({ actor: input.launchedBy, action: 'CYCLE_OPENED', targetType: 'CYCLE', targetId: input.cycleId, regionId: input.regionId, workflowId: input.workflowId, details: { type: COUNTY_ASSESSMENT, year: input.year, configVersion: input.configVersion } }) }),
      ]);
    },

    /**
     * The counties assessed (贫困县): poor counties of the region not exited before the year (a county
     * that exits in the year is still assessed for it), with whether a partner helps them (Pairing).
     */
    async listAssessedCounties({ regionId, year }: { regionId: string; year: number }): Promise<AssessedCounty[]> {
      const counties = await db.region.findMany({
        where: { level: 'COUNTY', id: { startsWith: regionId }, isPoor: true, OR: [{ exitYear: null }, { exitYear: { gte: year } }] },
        select: { id: true, name: true },
        orderBy: { id: 'asc' },
      });
      const paired = new Set((await db.pairing.findMany({ where: { helpedCode: { in: counties.map((c) => c.id) } }, select: { helpedCode: true } })).map((p) => p.helpedCode));
      return counties.map((c) => ({ regionId: c.id, name: c.name, paired: paired.has(c.id) }));
    },

    async enterAssessmentStage({ cycleId, stage, progress }: { cycleId: string; stage: AssessmentStage; progress?: Record<string, unknown> }): Promise<void> {
      const cycle = await cycleRow(cycleId);
      const merged = { ...((cycle.progress as Record<string, unknown> | null) ?? {}), ...(progress ?? {}) };
      await db.cycle.updateMany({ where: { id: cycleId, status: 'RUNNING' }, data: { stage, progress: merged as Prisma.InputJsonValue } });
    },

    /** The values a county, the third party or the office entered at a step, each with its source and the task it came from. */
    async recordEnteredValues(input: { cycleId: string; countyId: string; source: EntrySource; values: Record<string, number>; sourceRef: string; taskId: string; actor: ActorRef }): Promise<number> {
      const cycle = await cycleRow(input.cycleId);
      const sourceRef = `${input.sourceRef} (task ${input.taskId})`.slice(0, 500);
      await db.$transaction(async (tx) => {
        for (const [indicatorCode, value] of Object.entries(input.values)) {
          const key = { cycleId: input.cycleId, regionId: input.countyId, indicatorCode };
          await tx.indicatorValue.upsert({
            where: { cycleId_regionId_indicatorCode: key },
            create: { ...key, value, source: input.source, sourceRef, recordedById: input.actor.id },
            update: { value, source: input.source, sourceRef, recordedById: input.actor.id, recordedAt: new Date() },
          });
        }
        await tx.auditEvent.create({ data: auditData({ actor: input.actor, action: 'INDICATOR_VALUES_RECORDED', targetType: 'CYCLE', targetId: input.cycleId, regionId: input.countyId, workflowId: cycle.workflowId, details: { source: input.source, values: input.values, sourceRef: input.sourceRef, taskId: input.taskId } }) });
      });
      return Object.keys(input.values).length;
    },

    /** The REGISTRY indicators of the framework, computed and recorded (recordRegistryIndicators); answers with counts only. */
    async computeRegistryValues(input: { cycleId: string; year: number; countyIds: string[]; config: CountyAssessmentConfig }): Promise<{ recorded: number; notComputable: number }> {
      const codes = input.config.indicators.filter((i) => i.source === 'REGISTRY' && i.code in COMPUTED_INDICATORS).map((i) => i.code as ComputedIndicator);
      const values = await recordRegistryIndicators(db, { cycleId: input.cycleId, year: input.year, countyIds: input.countyIds, annualPlan: input.config.annualPlan, codes });
      return { recorded: values.filter((v) => v.value !== null).length, notComputable: values.filter((v) => v.value === null).length };
    },

    /**
     * Scores and ranks the counties from the values recorded now (rules/county-assessment), with what
     * the ranking would mean for each (results), and stores it as the cycle's ranking `version`
     * (DRAFT). Fake-exit flags come from the same year's exit verification of the region.
     */
    async scoreRanking(input: { cycleId: string; year: number; version: number; config: CountyAssessmentConfig; counties: AssessedCounty[]; late: string[] }): Promise<RankingSummary> {
      const existing = await db.rankingSnapshot.findUnique({ where: { cycleId_version: { cycleId: input.cycleId, version: input.version } } });
      const ids = input.counties.map((c) => c.regionId);
      let entries: StoredEntry[];
      if (existing) entries = existing.entries as unknown as StoredEntry[];
      else {
        const values = await db.indicatorValue.findMany({ where: { cycleId: input.cycleId, regionId: { in: ids } } });
        const late = new Set(input.late);
        const counties: CountyInput[] = input.counties.map((c) => ({
          ...c,
          late: late.has(c.regionId),
          values: Object.fromEntries(values.filter((v) => v.regionId === c.regionId).map((v) => [v.indicatorCode, { value: v.value, source: v.source, sourceRef: v.sourceRef }])),
        }));
        const ranked = rankCounties(input.config, counties);
        const exitCycles = (await db.cycle.findMany({ where: { type: 'EXIT_VERIFICATION', year: input.year }, select: { id: true } })).map((c) => c.id);
        const flags = exitCycles.length ? await db.exitFlag.groupBy({ by: ['countyId'], where: { cycleId: { in: exitCycles }, countyId: { in: ids } }, _count: { _all: true } }) : [];
        const results = applyResults(input.config, ranked, Object.fromEntries(flags.map((f) => [f.countyId, f._count._all])));
        entries = ranked.map((e, i) => ({ ...e, result: results[i]! }));
        await db.rankingSnapshot.create({ data: { cycleId: input.cycleId, year: input.year, version: input.version, status: 'DRAFT', entries: entries as unknown as Prisma.InputJsonValue } });
      }
      const snapshot = await db.rankingSnapshot.findUniqueOrThrow({ where: { cycleId_version: { cycleId: input.cycleId, version: input.version } }, select: { id: true } });
      return {
        snapshotId: snapshot.id,
        version: input.version,
        counties: entries.length,
        top: entries.slice(0, 20).map((e) => ({ rank: e.rank, regionId: e.regionId, name: e.name, total: e.total })),
        missingValues: entries.reduce((n, e) => n + e.missing.length, 0),
        late: entries.filter((e) => e.late).map((e) => e.regionId),
        rewarded: entries.filter((e) => e.result.reward).map((e) => e.regionId),
        interviews: entries.filter((e) => e.result.interview).map((e) => e.regionId),
        accountability: entries.filter((e) => e.result.accountability).map((e) => e.regionId),
      };
    },

    async setRankingStatus({ snapshotId, status }: { snapshotId: string; status: 'DRAFT' | 'NOTICE' | 'PUBLISHED' }): Promise<void> {
      await db.rankingSnapshot.update({ where: { id: snapshotId }, data: { status, ...(status === 'PUBLISHED' ? { publishedAt: new Date() } : {}) } });
    },

    /** The ranking's public notice (排名公示): objections to it are filed through POST /api/objections meanwhile. */
    async openRankingNotice(input: { workflowId: string; snapshotId: string; version: number; title: string; periodMs: number }): Promise<{ noticeId: string }> {
      const stepKey = `ranking-notice#${input.version}`;
      const existing = await db.publicNotice.findUnique({ where: { workflowId_stepKey: { workflowId: input.workflowId, stepKey } } });
      if (existing) return { noticeId: existing.id };
      const now = new Date();
      const notice = await db.publicNotice.create({ data: { subjectType: 'RANKING', subjectId: input.snapshotId, title: input.title, workflowId: input.workflowId, stepKey, startsAt: now, endsAt: new Date(now.getTime() + input.periodMs) } });
      return { noticeId: notice.id };
    },

    /** Closes the notice; answers with the objections filed during it, oldest first. */
    async closeRankingNotice({ noticeId }: { noticeId: string }): Promise<{ objectionId: string; reason: string; raisedById: string }[]> {
      await db.publicNotice.updateMany({ where: { id: noticeId, closedAt: null }, data: { closedAt: new Date() } });
      const objections = await db.objection.findMany({ where: { noticeId, status: 'OPEN' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 200 });
      return objections.map((o) => ({ objectionId: o.id, reason: o.reason, raisedById: o.raisedById }));
    },

    async settleRankingObjection(input: { objectionId: string; upheld: boolean; actor: ActorRef; comment: string; workflowId: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const updated = await tx.objection.updateMany({ where: { id: input.objectionId, status: 'OPEN' }, data: { status: input.upheld ? 'UPHELD' : 'DISMISSED' } });
        if (updated.count === 0) return;
        await tx.auditEvent.create({ data: auditData({ actor: input.actor, action: input.upheld ? 'OBJECTION_UPHELD' : 'OBJECTION_DISMISSED', targetType: 'RANKING', targetId: input.objectionId, workflowId: input.workflowId, details: { comment: input.comment } }) });
      });
    },

    /**
     * Publication (正式公布): the snapshot PUBLISHED and the results recorded on the cycle (who is
     * rewarded, interviewed, faces accountability, may not be rated excellent). Interview and
     * accountability cases open on the cadre accountability process, which reads them from here.
     */
    async publishRanking(input: { cycleId: string; snapshotId: string; actor: ActorRef }): Promise<void> {
      const cycle = await cycleRow(input.cycleId);
      const snapshot = await db.rankingSnapshot.findUniqueOrThrow({ where: { id: input.snapshotId } });
      if (snapshot.status === 'PUBLISHED') return;
      const entries = snapshot.entries as unknown as StoredEntry[];
      const results = {
        publishedVersion: snapshot.version,
        rewarded: entries.filter((e) => e.result.reward).map((e) => e.regionId),
        interviews: entries.filter((e) => e.result.interview).map((e) => e.regionId),
        excellenceBlocked: entries.filter((e) => e.result.excellenceBlocked).map((e) => e.regionId),
        accountability: entries.filter((e) => e.result.accountability).map((e) => e.regionId),
      };
      const progress = { ...((cycle.progress as Record<string, unknown> | null) ?? {}), results };
      await db.$transaction([
        db.rankingSnapshot.update({ where: { id: input.snapshotId }, data: { status: 'PUBLISHED', publishedAt: new Date() } }),
        db.cycle.update({ where: { id: input.cycleId }, data: { stage: 'PUBLISHED', progress: progress as Prisma.InputJsonValue } }),
        db.auditEvent.create({ data: auditData({ actor: input.actor, action: 'RANKING_PUBLISHED', targetType: 'RANKING', targetId: input.snapshotId, regionId: cycle.regionId, workflowId: cycle.workflowId, details: results }) }),
      ]);
    },

    /**
     * The cases a published ranking opens (考核结果运用): an interview of each principal leader (县级领导,
     * active) of a county that missed an annual target, an accountability case for each of a county
     * facing accountability; with the cadre accountability config in force for the year.
     */
    async resultCases(input: { year: number; interviews: string[]; accountability: string[]; rankingVersion: number }): Promise<{ config: CadreAccountabilityConfig; configVersion: number; cases: { kind: CaseKind; cadreId: string; countyId: string; reason: string }[] }> {
      const config = await versionedConfig(db, { kind: CADRE_ACCOUNTABILITY, schema: CadreAccountabilityConfig, defaults: DEFAULT_CADRE_ACCOUNTABILITY_CONFIG }, input.year);
      const counties = [...new Set([...input.interviews, ...input.accountability])];
      const leaders = counties.length ? await db.cadre.findMany({ where: { regionId: { in: counties }, position: 'COUNTY_LEADER', active: true }, select: { id: true, regionId: true }, orderBy: { id: 'asc' } }) : [];
      const cases = [
        ...leaders.filter((l) => input.interviews.includes(l.regionId)).map((l) => ({ kind: 'INTERVIEW' as const, cadreId: l.id, countyId: l.regionId, reason: `${input.year}年度贫困县扶贫开发工作成效考核（第 ${input.rankingVersion} 版排名）：未完成年度脱贫攻坚目标任务，约谈党政主要领导` })),
        ...leaders.filter((l) => input.accountability.includes(l.regionId)).map((l) => ({ kind: 'ACCOUNTABILITY' as const, cadreId: l.id, countyId: l.regionId, reason: `${input.year}年度退出核查发现假脱贫问题达到追责标准，责任追究` })),
      ];
      return { config: { ...config.body, year: input.year }, configVersion: config.version, cases };
    },

    async closeAssessmentCycle({ cycleId, status, actor }: { cycleId: string; status: 'COMPLETED' | 'CANCELLED'; actor: ActorRef }): Promise<void> {
      const cycle = await cycleRow(cycleId);
      if (cycle.status !== 'RUNNING') return;
      await db.$transaction([
        db.cycle.update({ where: { id: cycleId }, data: { status, stage: status, completedAt: new Date() } }),
        db.auditEvent.create({ data: auditData({ actor, action: status === 'COMPLETED' ? 'CYCLE_COMPLETED' : 'CYCLE_CANCELLED', targetType: 'CYCLE', targetId: cycleId, regionId: cycle.regionId, workflowId: cycle.workflowId }) }),
      ]);
    },
  };
}

export type CountyAssessmentActivities = ReturnType<typeof createCountyAssessmentActivities>;
