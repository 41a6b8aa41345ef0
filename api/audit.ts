/**
 * Every state-changing request is recorded in the audit log with actor, time, target and outcome
 * — refused ones included, also those refused before any route ran (a body that is not JSON, too
 * large, too deeply nested) and those that failed with a 500. Written when the response has been
 * sent; domain events (a task decided, a household returned) are written by the activities in the
 * same transaction as the change.
 */
import type { NextFunction, Request, Response } from 'express';
import { auditData, type AuditOutcome } from '../activities/audit.ts';
import { trackWrite } from '../lib/pending-writes.ts';
import { verifyToken } from './auth/tokens.ts';
import type { AppDeps, SessionUser } from './context.ts';

export function outcomeOf(status: number): 'SUCCESS' | 'DENIED' | 'REJECTED' | 'FAILED' {
  if (status < 400) return 'SUCCESS';
  if (status === 401 || status === 403) return 'DENIED';
  if (status < 500) return 'REJECTED';
  return 'FAILED';
}

/** res.locals.audit = { action, targetType, targetId?, regionId?, details?, outcome? } set by the route. */
export interface RequestAudit {
  action: string;
  targetType: string;
  targetId?: string | null;
  regionId?: string | null;
  details?: Record<string, unknown>;
  actorName?: string;
  /**
   * The outcome when the route answered successfully (status < 400) but the attempt did not fully
   * succeed, e.g. a bulk decision: 'PARTIAL' when some items failed, 'FAILED' when all did. An
   * error status always decides the outcome itself.
   */
  outcome?: AuditOutcome;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const noNul = (s: string) => s.replaceAll('\0', '');

/** The signed-in user of a request refused before authentication ran, from its (verified) token. */
async function actorFromToken(req: Request, deps: AppDeps) {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  try {
    const claims = await verifyToken(header.slice('Bearer '.length).trim(), deps.tokenKey);
    return { id: claims.sub, name: claims.username, role: claims.role };
  } catch {
    return null;
  }
}

/** Mounted before the body parser, so nothing a client can send escapes the log. */
export function auditWrites(deps: AppDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (READ_METHODS.has(req.method)) return next();
    const requestId = String((req as { id?: unknown }).id ?? '');
    // the full path now: once a router has run, req.path is relative to where it is mounted
    const fallbackAction = `${req.method} ${noNul(req.path)}`;
    let written = false;
    const write = async () => {
      if (written) return;
      written = true;
      const user = res.locals.user as SessionUser | undefined;
      const a = (res.locals.audit as RequestAudit | undefined) ?? { action: fallbackAction, targetType: 'REQUEST' };
      const error = res.locals.errorCode as string | undefined;
      const actor = user
        ? { id: user.id, name: user.username, role: user.role }
        : ((await actorFromToken(req, deps)) ?? { id: null, name: a.actorName ?? 'anonymous' });
      const status = res.statusCode;
      const outcome = !res.writableFinished ? 'FAILED' : status < 400 && a.outcome ? a.outcome : outcomeOf(status);
      await deps.db.auditEvent.create({
        data: auditData({
          actor,
          action: a.action,
          targetType: a.targetType,
          targetId: a.targetId ?? null,
          regionId: a.regionId ?? null,
          outcome,
          details: { ...a.details, method: req.method, path: noNul(req.originalUrl), status, ...(error ? { error } : {}) },
          requestId,
        }),
      });
    };
    // tracked: a shutdown disconnects the database only after these rows are written
    const record = () => void trackWrite(write().catch((err: unknown) => deps.logger.error({ err }, 'audit write failed')));
    // 'close' too: a client that went away before the response still leaves its trace
    res.on('finish', record);
    res.on('close', record);
    next();
  };
}

export function setAudit(res: Response, audit: RequestAudit): void {
  res.locals.audit = { ...(res.locals.audit as RequestAudit | undefined), ...audit };
}
