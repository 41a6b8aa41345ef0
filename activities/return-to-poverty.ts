/**
 * Return to poverty's own activities (返贫录入): the request row the process writes for itself, the
 * household snapshot a level approves, eligibility re-checked at decision time, and the writes of
 * the outcome. All idempotent (unique keys on what they write).
 */
import { Prisma, type Db } from '../lib/db.ts';
import { returnEligibility } from '../rules/return-to-poverty.ts';
import { defaultStandards, type YearStandards } from '../rules/standards.ts';
import { auditData, type ActorRef } from './audit.ts';
import { DomainError, domainFailure } from './errors.ts';

export interface ReturnSnapshot {
  householdId: string;
  householdCode: string;
  headName: string;
  villageId: string;
  status: string;
  exitedYear: number | null;
  reason: string;
  latestRecord: { year: number; incomePerCapita: number; housingSafe: boolean; medicalSecured: boolean; educationSecured: boolean } | null;
  /** the household's village and its parents, for links and names on the task page */
  regions?: Array<{ id: string; name: string; level: string }>;
  /** who proposed the return (返贫申请人) and when: the pending request of the household */
  proposer?: { id: string; name: string; username: string } | null;
  proposedAt?: string | null;
  /** the latest year's values against the year's standards (年度标准): pass = meets the exit standard */
  checks?: ReturnCheck[];
  takenAt: string;
}

/**
 * One number or guarantee of the latest year beside its standard. `pass` says whether the household
 * still meets the exit standard on it (income at or above the poverty line, a guarantee secured):
 * a failed check is what supports a return to poverty.
 */
export interface ReturnCheck {
  key: 'incomePerCapita' | 'housingSafe' | 'medicalSecured' | 'educationSecured' | 'drinkingWaterSafe' | 'foodSecure' | 'clothingSecure';
  year: number;
  value: number | boolean;
  /** the unit of a number ("yuanPerPersonYear": 元/人·年) */
  unit?: 'yuanPerPersonYear';
  /** the standard: the year's poverty line for income, true (secured) for a guarantee */
  standard: number | boolean;
  /** where the standard comes from: the STANDARDS config version of that year (0 = built-in default) */
  standardVersion?: number;
  pass: boolean;
}

/** A year's standards: its latest STANDARDS config version, else the built-in default. */
async function standardsOf(db: Db, year: number): Promise<{ standards: YearStandards; version: number }> {
  const row = await db.configVersion.findFirst({ where: { kind: 'STANDARDS', year }, orderBy: { version: 'desc' } });
  const body = row?.body as Partial<YearStandards> | null | undefined;
  if (row && body && typeof body.povertyLine === 'number') return { standards: { ...defaultStandards(year), ...body }, version: row.version };
  return { standards: defaultStandards(year), version: 0 };
}

export function createReturnToPovertyActivities(db: Db) {
  return {
    /**
     * The process writes its own request row as its first step, so no request can exist without its
     * workflow. A retry finds the row it wrote; another request still pending for the household
     * (one started before the process kit) refuses the process.
     */
    async openReturnRequest(input: {
      workflowId: string;
      returnRequestId: string;
      householdId: string;
      reason: string;
      proposer: ActorRef;
      configVersion: number;
    }): Promise<{ created: boolean }> {
      const existing = await db.returnRequest.findUnique({ where: { id: input.returnRequestId }, select: { id: true } });
      if (existing) return { created: false };
      try {
        await db.$transaction(async (tx) => {
          const h = await tx.household.findUniqueOrThrow({ where: { id: input.householdId }, select: { villageId: true } });
          await tx.returnRequest.create({
            data: {
              id: input.returnRequestId,
              householdId: input.householdId,
              reason: input.reason,
              workflowId: input.workflowId,
              activeKey: input.householdId,
              requestedById: input.proposer.id ?? 'system',
            },
          });
          await tx.auditEvent.create({
            data: auditData({
              actor: input.proposer,
              action: 'RETURN_REQUEST_OPENED',
              targetType: 'RETURN_REQUEST',
              targetId: input.returnRequestId,
              regionId: h.villageId,
              workflowId: input.workflowId,
              details: { householdId: input.householdId, reason: input.reason, configVersion: input.configVersion },
            }),
          });
        });
        return { created: true };
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
          if (await db.returnRequest.findUnique({ where: { id: input.returnRequestId }, select: { id: true } })) return { created: false };
          throw domainFailure(DomainError.NOT_ELIGIBLE, `another return to poverty of household ${input.householdId} is pending`);
        }
        throw err;
      }
    },

    /** The facts a level is asked to approve, frozen into the task as a versioned snapshot. */
    async loadReturnSnapshot({ householdId, reason }: { householdId: string; reason: string }): Promise<ReturnSnapshot> {
      const h = await db.household.findUnique({
        where: { id: householdId },
        include: { records: { orderBy: { year: 'desc' }, take: 1 } },
      });
      if (!h) throw domainFailure(DomainError.NOT_FOUND, `household ${householdId} not found`);
      const r = h.records[0];
      const [regions, request] = await Promise.all([
        db.region.findMany({ where: { id: { in: [h.cityId, h.countyId, h.townshipId, h.villageId] } }, select: { id: true, name: true, level: true } }),
        db.returnRequest.findFirst({ where: { householdId, status: 'PENDING' }, orderBy: { createdAt: 'desc' }, select: { requestedById: true, createdAt: true } }),
      ]);
      const proposer = request ? await db.user.findUnique({ where: { id: request.requestedById }, select: { id: true, displayName: true, username: true } }) : null;
      let checks: ReturnCheck[] = [];
      if (r) {
        const { standards, version } = await standardsOf(db, r.year);
        const guarantee = (key: Exclude<ReturnCheck['key'], 'incomePerCapita'>): ReturnCheck => ({ key, year: r.year, value: r[key], standard: true, pass: r[key] });
        checks = [
          { key: 'incomePerCapita', year: r.year, value: r.incomePerCapita, unit: 'yuanPerPersonYear', standard: standards.povertyLine, standardVersion: version, pass: r.incomePerCapita >= standards.povertyLine },
          guarantee('foodSecure'),
          guarantee('clothingSecure'),
          guarantee('educationSecured'),
          guarantee('medicalSecured'),
          guarantee('housingSafe'),
          guarantee('drinkingWaterSafe'),
        ];
      }
      const order = [h.cityId, h.countyId, h.townshipId, h.villageId];
      return {
        householdId: h.id,
        householdCode: h.code,
        headName: h.headName,
        villageId: h.villageId,
        status: h.status,
        exitedYear: h.exitedYear,
        reason,
        latestRecord: r
          ? { year: r.year, incomePerCapita: r.incomePerCapita, housingSafe: r.housingSafe, medicalSecured: r.medicalSecured, educationSecured: r.educationSecured }
          : null,
        regions: [...regions].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)),
        proposer: proposer ? { id: proposer.id, name: proposer.displayName, username: proposer.username } : null,
        proposedAt: request?.createdAt.toISOString() ?? null,
        checks,
        takenAt: new Date().toISOString(),
      };
    },

    /** Re-checked at decision time against current data, so an approval never rests on stale numbers. */
    async checkReturnEligibility({ householdId }: { householdId: string }): Promise<void> {
      const h = await db.household.findUnique({ where: { id: householdId }, select: { status: true } });
      if (!h) throw domainFailure(DomainError.NOT_FOUND, `household ${householdId} not found`);
      const verdict = returnEligibility(h);
      if (!verdict.eligible) throw domainFailure(DomainError.NOT_ELIGIBLE, verdict.reason);
    },

    /** The household becomes registered-poor again: status, ledger entry, request, audit — one transaction. */
    async applyReturnToPoverty(input: {
      workflowId: string;
      householdId: string;
      returnRequestId: string;
      reason: string;
      approvedBy: ActorRef;
    }): Promise<{ applied: boolean }> {
      const now = new Date();
      try {
        await db.$transaction(async (tx) => {
          const h = await tx.household.findUniqueOrThrow({ where: { id: input.householdId } });
          await tx.ledgerEntry.create({
            data: {
              householdId: h.id,
              kind: 'RETURNED',
              year: now.getUTCFullYear(),
              at: now,
              reason: input.reason,
              workflowId: input.workflowId,
              processId: input.returnRequestId,
              actorId: input.approvedBy.id,
            },
          });
          // only a request still pending is approved (never one cancelled meanwhile)
          const approved = await tx.returnRequest.updateMany({
            where: { id: input.returnRequestId, status: 'PENDING' },
            data: { status: 'APPROVED', activeKey: null, decidedAt: now },
          });
          if (approved.count !== 1) throw domainFailure(DomainError.NOT_ELIGIBLE, `return request ${input.returnRequestId} is no longer pending`);
          await tx.household.update({ where: { id: h.id }, data: { status: 'POOR', benefitsUntil: null } });
          await tx.auditEvent.create({
            data: auditData({
              actor: input.approvedBy,
              action: 'HOUSEHOLD_RETURNED_TO_POVERTY',
              targetType: 'HOUSEHOLD',
              targetId: h.id,
              regionId: h.villageId,
              workflowId: input.workflowId,
              details: { from: h.status, to: 'POOR', reason: input.reason, returnRequestId: input.returnRequestId },
            }),
          });
        });
        return { applied: true };
      } catch (err) {
        // the ledger entry is unique per household, kind and request: a retry after a committed transaction is a no-op
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return { applied: false };
        throw err;
      }
    },

    async closeReturnRequest(input: {
      workflowId: string;
      returnRequestId: string;
      status: 'REJECTED' | 'CANCELLED';
      actor: ActorRef;
      comment?: string;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        const result = await tx.returnRequest.updateMany({
          where: { id: input.returnRequestId, status: 'PENDING' },
          data: { status: input.status, activeKey: null, decidedAt: new Date() },
        });
        if (result.count === 0) return;
        const request = await tx.returnRequest.findUniqueOrThrow({ where: { id: input.returnRequestId }, include: { household: true } });
        await tx.auditEvent.create({
          data: auditData({
            actor: input.actor,
            action: input.status === 'REJECTED' ? 'RETURN_REQUEST_REJECTED' : 'RETURN_REQUEST_WITHDRAWN',
            targetType: 'RETURN_REQUEST',
            targetId: input.returnRequestId,
            regionId: request.household.villageId,
            workflowId: input.workflowId,
            details: { comment: input.comment ?? null },
          }),
        });
      });
    },
  };
}

export type ReturnToPovertyActivities = ReturnType<typeof createReturnToPovertyActivities>;
