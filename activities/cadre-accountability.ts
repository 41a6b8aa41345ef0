/**
 * Activities of cadre accountability (干部问责与激励): the case row the workflow writes, its stages
 * and outcome, the checks its steps run at decision time (a reward blocked by the county's ranking,
 * a replacement who can take the post), a recall ending the cadre's stationing and a replacement
 * starting one, the reward's public notice. Idempotent: each write is keyed or guarded by state.
 */
import type { Db } from '../lib/db.ts';
import { rewardBlock, type CaseKind, type CaseOrigin, type CaseOutcome, type CaseStage, type CountyStanding } from '../rules/cadre-accountability.ts';
import { DomainError } from '../rules/domain-errors.ts';
import { auditData, type ActorRef } from './audit.ts';
import { domainFailure } from './errors.ts';

/** The cadre as the case's tasks name them. */
export interface CaseCadre {
  id: string;
  code: string;
  name: string;
  position: string;
  unit: string;
  /** the region whose staff the cadre belongs to (a county) */
  regionId: string;
  /** the village the cadre is stationed in now (驻村), if any */
  villageId: string | null;
}

export function createCadreAccountabilityActivities(db: Db) {
  const cadreOf = async (cadreId: string, year: number): Promise<CaseCadre> => {
    const cadre = await db.cadre.findUniqueOrThrow({ where: { id: cadreId } });
    const stationed = await db.cadreAssignment.findFirst({ where: { cadreId, kind: 'VILLAGE_TEAM', startYear: { lte: year }, OR: [{ endYear: null }, { endYear: { gte: year } }] }, orderBy: { startYear: 'desc' } });
    return { id: cadre.id, code: cadre.code, name: cadre.name, position: cadre.position, unit: cadre.unit, regionId: cadre.regionId, villageId: stationed?.villageId ?? null };
  };
  const caseRow = (caseId: string) => db.accountabilityCase.findUniqueOrThrow({ where: { id: caseId }, include: { cadre: { select: { regionId: true } } } });

  return {
    /** The case's row, written by its own workflow (so no case exists without its process). */
    async openCase(input: { caseId: string; workflowId: string; kind: CaseKind; cadreId: string; reason: string; origin: CaseOrigin; openedBy: ActorRef; year: number }): Promise<CaseCadre> {
      const cadre = await cadreOf(input.cadreId, input.year);
      const existing = await db.accountabilityCase.findUnique({ where: { id: input.caseId }, select: { id: true } });
      if (!existing) {
        await db.$transaction([
          db.accountabilityCase.create({ data: { id: input.caseId, kind: input.kind, cadreId: input.cadreId, reason: input.reason, stage: 'OPENED', workflowId: input.workflowId, origin: input.origin, openedById: input.openedBy.id ?? 'system' } }),
          db.auditEvent.create({ data: auditData({ actor: input.openedBy, action: 'CASE_OPENED', targetType: 'CASE', targetId: input.caseId, regionId: cadre.regionId, workflowId: input.workflowId, details: { kind: input.kind, cadreId: input.cadreId, reason: input.reason, origin: input.origin } }) }),
        ]);
      }
      return cadre;
    },

    async enterCaseStage({ caseId, stage }: { caseId: string; stage: CaseStage }): Promise<void> {
      await db.accountabilityCase.updateMany({ where: { id: caseId, status: 'RUNNING' }, data: { stage } });
    },

    async closeCase({ caseId, status, outcome, actor }: { caseId: string; status: 'COMPLETED' | 'CANCELLED'; outcome: CaseOutcome | string; actor: ActorRef }): Promise<void> {
      const row = await caseRow(caseId);
      if (row.status !== 'RUNNING') return;
      await db.$transaction([
        db.accountabilityCase.update({ where: { id: caseId }, data: { status, stage: status === 'CANCELLED' ? 'CANCELLED' : 'CLOSED', outcome, closedAt: new Date() } }),
        db.auditEvent.create({ data: auditData({ actor, action: status === 'CANCELLED' ? 'CASE_CANCELLED' : 'CASE_CLOSED', targetType: 'CASE', targetId: caseId, regionId: row.cadre.regionId, workflowId: row.workflowId, details: { kind: row.kind, outcome } }) }),
      ]);
    },

    /** Eligibility of a reward at review and approval: refused (NOT_ELIGIBLE) when the county's latest published ranking blocks it. */
    async checkRewardEligible({ cadreId }: { cadreId: string }): Promise<void> {
      const cadre = await db.cadre.findUniqueOrThrow({ where: { id: cadreId }, select: { regionId: true } });
      const countyId = cadre.regionId.slice(0, 6);
      const latest = await db.rankingSnapshot.findFirst({ where: { status: 'PUBLISHED' }, orderBy: [{ year: 'desc' }, { publishedAt: 'desc' }] });
      let standing: CountyStanding | null = null;
      if (latest && Array.isArray(latest.entries)) {
        const entry = (latest.entries as { regionId?: string; result?: { excellenceBlocked?: boolean } }[]).find((e) => e.regionId === countyId);
        if (entry) standing = { countyId, year: latest.year, rankingId: latest.id, excellenceBlocked: entry.result?.excellenceBlocked === true };
      }
      const block = rewardBlock(standing);
      if (block) throw domainFailure(DomainError.NOT_ELIGIBLE, block.zh, { reason: block, rankingId: standing?.rankingId });
    },

    /** Eligibility of a replacement: an active cadre of the same county, not the one recalled, given by code in the form. */
    async checkReplacement({ recalledCadreId, payload }: { recalledCadreId: string; payload?: Record<string, unknown> }): Promise<void> {
      const code = typeof payload?.replacementCode === 'string' ? payload.replacementCode.trim() : '';
      const recalled = await db.cadre.findUniqueOrThrow({ where: { id: recalledCadreId }, select: { regionId: true, code: true } });
      const replacement = code ? await db.cadre.findUnique({ where: { code } }) : null;
      if (!replacement) throw domainFailure(DomainError.NOT_ELIGIBLE, `no cadre with the code ${code || '(none)'}`);
      if (replacement.id === recalledCadreId) throw domainFailure(DomainError.NOT_ELIGIBLE, `${replacement.name} (${code}) is the cadre being recalled`);
      if (!replacement.active) throw domainFailure(DomainError.NOT_ELIGIBLE, `${replacement.name} (${code}) is not an active cadre`);
      if (replacement.regionId.slice(0, 6) !== recalled.regionId.slice(0, 6)) throw domainFailure(DomainError.NOT_ELIGIBLE, `${replacement.name} (${code}) belongs to ${replacement.regionId}, not to the recalled cadre's county ${recalled.regionId.slice(0, 6)}`);
    },

    /** The recall: the cadre's stationing in the village ends with the year. */
    async endStationing({ caseId, cadreId, villageId, year, actor }: { caseId: string; cadreId: string; villageId: string; year: number; actor: ActorRef }): Promise<void> {
      const row = await caseRow(caseId);
      const ended = await db.cadreAssignment.updateMany({ where: { cadreId, villageId, kind: 'VILLAGE_TEAM', endYear: null }, data: { endYear: year } });
      if (ended.count > 0) {
        await db.auditEvent.create({ data: auditData({ actor, action: 'CADRE_RECALLED', targetType: 'CASE', targetId: caseId, regionId: villageId, workflowId: row.workflowId, details: { cadreId, villageId, year } }) });
      }
    },

    /** The replacement stationed in the village from this year (once per case: keyed by the replacement and village). */
    async stationReplacement({ caseId, villageId, replacementCode, year, actor }: { caseId: string; villageId: string; replacementCode: string; year: number; actor: ActorRef }): Promise<{ cadreId: string; name: string }> {
      const row = await caseRow(caseId);
      const cadre = await db.cadre.findUniqueOrThrow({ where: { code: replacementCode.trim() } });
      const serving = await db.cadreAssignment.findFirst({ where: { cadreId: cadre.id, villageId, kind: 'VILLAGE_TEAM', endYear: null } });
      if (!serving) {
        await db.$transaction([
          db.cadreAssignment.create({ data: { cadreId: cadre.id, kind: 'VILLAGE_TEAM', villageId, startYear: year } }),
          db.auditEvent.create({ data: auditData({ actor, action: 'CADRE_STATIONED', targetType: 'CASE', targetId: caseId, regionId: villageId, workflowId: row.workflowId, details: { cadreId: cadre.id, code: cadre.code, villageId, year } }) }),
        ]);
      }
      return { cadreId: cadre.id, name: cadre.name };
    },

    /** The reward's public notice (评先评优公示): objections are filed through POST /api/objections meanwhile. */
    async openCadreNotice(input: { workflowId: string; cadreId: string; title: string; periodMs: number }): Promise<{ noticeId: string }> {
      const stepKey = 'reward-notice';
      const existing = await db.publicNotice.findUnique({ where: { workflowId_stepKey: { workflowId: input.workflowId, stepKey } } });
      if (existing) return { noticeId: existing.id };
      const now = new Date();
      const notice = await db.publicNotice.create({ data: { subjectType: 'CADRE', subjectId: input.cadreId, title: input.title, workflowId: input.workflowId, stepKey, startsAt: now, endsAt: new Date(now.getTime() + input.periodMs) } });
      return { noticeId: notice.id };
    },

    /** Closes the notice; answers with the objections filed during it. */
    async closeCadreNotice({ noticeId }: { noticeId: string }): Promise<{ objectionId: string; reason: string }[]> {
      await db.publicNotice.updateMany({ where: { id: noticeId, closedAt: null }, data: { closedAt: new Date() } });
      const objections = await db.objection.findMany({ where: { noticeId, status: 'OPEN' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 100 });
      return objections.map((o) => ({ objectionId: o.id, reason: o.reason }));
    },

    async settleCadreObjection(input: { objectionId: string; upheld: boolean; actor: ActorRef; comment: string; workflowId: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const updated = await tx.objection.updateMany({ where: { id: input.objectionId, status: 'OPEN' }, data: { status: input.upheld ? 'UPHELD' : 'DISMISSED' } });
        if (updated.count === 0) return;
        await tx.auditEvent.create({ data: auditData({ actor: input.actor, action: input.upheld ? 'OBJECTION_UPHELD' : 'OBJECTION_DISMISSED', targetType: 'CADRE', targetId: input.objectionId, workflowId: input.workflowId, details: { comment: input.comment } }) });
      });
    },
  };
}

export type CadreAccountabilityActivities = ReturnType<typeof createCadreAccountabilityActivities>;
