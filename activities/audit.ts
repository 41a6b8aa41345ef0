/** Audit events written by activities (domain events), in the caller's transaction where given. */
import type { Db } from '../lib/db.ts';

export interface ActorRef {
  id: string | null;
  name: string;
  role?: string | null;
}

export const SYSTEM_ACTOR: ActorRef = { id: null, name: 'system (workflow)', role: null };

/** PARTIAL: an attempt of several items of which some failed (e.g. a bulk decision). */
export type AuditOutcome = 'SUCCESS' | 'PARTIAL' | 'DENIED' | 'REJECTED' | 'FAILED';

export interface AuditInput {
  actor: ActorRef;
  action: string;
  targetType: string;
  targetId?: string | null;
  regionId?: string | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
  workflowId?: string | null;
  requestId?: string | null;
}

type AuditWriter = Pick<Db, 'auditEvent'>;

export function auditData(e: AuditInput) {
  return {
    actorId: e.actor.id,
    actorName: e.actor.name,
    actorRole: e.actor.role ?? null,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId ?? null,
    regionId: e.regionId ?? null,
    outcome: e.outcome ?? 'SUCCESS',
    details: (e.details ?? {}) as object,
    workflowId: e.workflowId ?? null,
    requestId: e.requestId ?? null,
  };
}

export function writeAudit(db: AuditWriter, e: AuditInput) {
  return db.auditEvent.create({ data: auditData(e) });
}
