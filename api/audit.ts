/**
 * Every state-changing request is recorded in the audit log with actor, time, target and outcome
 * — refused ones included. Written when the response has been sent; domain events (a task decided,
 * a household returned) are written by the activities in the same transaction as the change.
 */
import type { NextFunction, Request, Response } from 'express';
import { auditData } from '../activities/audit.ts';
import { trackWrite } from '../lib/pending-writes.ts';
import type { AppDeps, SessionUser } from './context.ts';

export function outcomeOf(status: number): 'SUCCESS' | 'DENIED' | 'REJECTED' | 'FAILED' {
  if (status < 400) return 'SUCCESS';
  if (status === 401 || status === 403) return 'DENIED';
  if (status < 500) return 'REJECTED';
  return 'FAILED';
}

/** res.locals.audit = { action, targetType, targetId?, regionId?, details? } set by the route. */
export interface RequestAudit {
  action: string;
  targetType: string;
  targetId?: string | null;
  regionId?: string | null;
  details?: Record<string, unknown>;
  actorName?: string;
}

export function auditWrites(deps: AppDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const requestId = String((req as { id?: unknown }).id ?? '');
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      const user = res.locals.user as SessionUser | undefined;
      const a = (res.locals.audit as RequestAudit | undefined) ?? { action: `${req.method} ${req.path}`, targetType: 'REQUEST' };
      const error = res.locals.errorCode as string | undefined;
      // tracked: a shutdown disconnects the database only after these rows are written
      void trackWrite(deps.db.auditEvent
        .create({
          data: auditData({
            actor: user ? { id: user.id, name: user.username, role: user.role } : { id: null, name: a.actorName ?? 'anonymous' },
            action: a.action,
            targetType: a.targetType,
            targetId: a.targetId ?? null,
            regionId: a.regionId ?? null,
            outcome: res.writableFinished ? outcomeOf(res.statusCode) : 'FAILED',
            details: { ...a.details, method: req.method, path: req.originalUrl, status: res.statusCode, ...(error ? { error } : {}) },
            requestId,
          }),
        })
        .catch((err: unknown) => deps.logger.error({ err }, 'audit write failed')));
    };
    // 'close' too: a client that went away before the response still leaves its trace
    res.on('finish', write);
    res.on('close', write);
    next();
  };
}

export function setAudit(res: Response, audit: RequestAudit): void {
  res.locals.audit = { ...(res.locals.audit as RequestAudit | undefined), ...audit };
}
