/** What every router receives, and the signed-in user of a request. */
import type { Client } from '@temporalio/client';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../lib/db.ts';
import type { ProcessDefinition } from '../processes/index.ts';
import { decide, type Action, type Actor, type RoleName } from '../rules/policy.ts';
import { verifyToken } from './auth/tokens.ts';
import { forbidden, unauthorized } from './http.ts';

export interface AppDeps {
  db: Db;
  temporal: {
    client: Client;
    taskQueue: string;
    /** bound of one call to Temporal (api/temporal.ts); 503 after it */
    callTimeoutMs?: number;
    namespace?: string;
    /** the Temporal Web UI, linked from the console */
    uiUrl?: string | null;
  };
  /** the registered processes (default: processes/index.ts) */
  processes?: readonly ProcessDefinition[];
  logger: Logger;
  /** HS256 key of the API's tokens */
  tokenKey: Uint8Array;
  /** login attempts per window and IP+username (express-rate-limit) */
  loginRateLimit?: { windowMs: number; limit: number };
  /** folder of the built console, served at / */
  adminDist?: string;
}

export interface SessionUser extends Actor {
  username: string;
  displayName: string;
}

export function currentUser(res: Response): SessionUser {
  const user = res.locals.user as SessionUser | undefined;
  if (!user) throw unauthorized();
  return user;
}

/**
 * How long a signed-in user's row, once read, serves the requests that follow (per API process).
 * Every request needs it, and with Prisma's client engine each read compiles a query on the event
 * loop the worker shares (`npm start`): an inbox refreshed by many people, or a decision, paid it
 * each time. A user deactivated (or moved) in the database is refused within this bound.
 */
export const SESSION_USER_TTL_MS = 2_000;
const SESSION_USERS_MAX = 10_000;
/** per database client: the test stacks of one process each have their own */
const sessionUsers = new WeakMap<Db, Map<string, { user: SessionUser | null; until: number }>>();

async function sessionUser(db: Db, id: string): Promise<SessionUser | null> {
  let cache = sessionUsers.get(db);
  if (!cache) sessionUsers.set(db, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(id);
  if (hit && hit.until > now) return hit.user;
  const row = await db.user.findUnique({ where: { id } });
  const user: SessionUser | null =
    row && row.active ? { id: row.id, username: row.username, displayName: row.displayName, role: row.role as RoleName, regionId: row.regionId } : null;
  if (cache.size >= SESSION_USERS_MAX) cache.clear();
  cache.set(id, { user, until: now + SESSION_USER_TTL_MS });
  return user;
}

/** Verifies the bearer token and loads the (still active) user. */
export function requireAuth(deps: AppDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return next(unauthorized('missing bearer token'));
    let claims;
    try {
      claims = await verifyToken(header.slice('Bearer '.length).trim(), deps.tokenKey);
    } catch {
      return next(unauthorized('invalid or expired token'));
    }
    const user = await sessionUser(deps.db, claims.sub);
    if (!user) return next(unauthorized('user no longer active'));
    res.locals.user = { ...user } satisfies SessionUser;
    next();
  };
}

/** Throws 403 unless the policy allows `action` on `regionId` for the signed-in user. */
export function authorize(res: Response, action: Action, regionId?: string | null): SessionUser {
  const user = currentUser(res);
  const verdict = decide(user, action, regionId);
  if (!verdict.allowed) {
    throw forbidden(
      verdict.reason === 'ROLE'
        ? `role ${user.role} may not ${action}`
        : `region ${regionId} is outside your scope (${user.regionId})`,
      [verdict.reason === 'ROLE' ? { reason: 'ROLE', role: user.role, action } : { reason: 'SCOPE', regionId: regionId ?? null, scopeId: user.regionId }],
    );
  }
  return user;
}
