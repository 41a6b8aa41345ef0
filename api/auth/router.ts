import { Router } from 'express';
import { allowedActions } from '../../rules/policy.ts';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { setAudit } from '../audit.ts';
import { currentUser, requireAuth, type AppDeps } from '../context.ts';
import { parseInput, unauthorized } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { trimmedString } from '../schemas.ts';
import { verifyPassword } from './password.ts';
import { signToken } from './tokens.ts';

export const LoginBody = z
  .object({
    username: trimmedString(1, 64),
    password: z.string().min(1).max(256),
  })
  .strict();

const UserView = z.object({
  id: z.string(),
  username: z.string(),
  role: z.string(),
  regionId: z.string(),
  displayName: z.string(),
  regionName: z.string().nullable(),
});

documentRoute({
  method: 'post',
  path: '/api/auth/login',
  summary: 'Sign in; returns a bearer token',
  tag: 'auth',
  body: LoginBody,
  response: z.object({ token: z.string(), user: UserView }),
  errors: [400, 401, 429],
  auth: false,
});
documentRoute({
  method: 'get',
  path: '/api/me',
  summary: 'The signed-in user, the actions their role may perform, and the Temporal Web UI',
  tag: 'auth',
  response: UserView.extend({
    regionName: z.string().nullable(),
    permissions: z.array(z.string()),
    temporalUi: z.object({ url: z.string(), namespace: z.string() }).nullable(),
  }),
  forbidden: false,
});

// A hash to compare against when the user does not exist, so timing does not reveal usernames.
const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.8mK7nLx7Wm1v5Jx0bZ0x7d0QXv1e';

export function authRouter(deps: AppDeps): Router {
  const router = Router();
  const limit = deps.loginRateLimit ?? { windowMs: 60_000, limit: 10 };
  const limiter = rateLimit({
    windowMs: limit.windowMs,
    limit: limit.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // the same normalisation as the lookup (trim), so spelling variants share one budget
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${typeof req.body?.username === 'string' ? req.body.username.trim().toLowerCase() : ''}`,
    handler: (_req, res) => {
      setAudit(res, { action: 'LOGIN', targetType: 'USER', actorName: 'anonymous', details: { rateLimited: true } });
      res.status(429).json({ error: { code: 'RATE_LIMITED', message: 'too many login attempts; try again later', details: [] } });
    },
  });

  // and a wider budget per address across all usernames
  const perAddress = rateLimit({
    windowMs: limit.windowMs,
    limit: limit.limit * 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    handler: (_req, res) => {
      setAudit(res, { action: 'LOGIN', targetType: 'USER', actorName: 'anonymous', details: { rateLimited: 'address' } });
      res.status(429).json({ error: { code: 'RATE_LIMITED', message: 'too many login attempts from this address; try again later', details: [] } });
    },
  });

  router.post('/auth/login', perAddress, limiter, async (req, res) => {
    const body = parseInput(LoginBody, req.body, 'body');
    setAudit(res, { action: 'LOGIN', targetType: 'USER', targetId: body.username, actorName: body.username });
    const user = await deps.db.user.findUnique({ where: { username: body.username } });
    const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) throw unauthorized('wrong username or password');
    const token = await signToken({ sub: user.id, username: user.username, role: user.role, regionId: user.regionId }, deps.tokenKey);
    const region = await deps.db.region.findUnique({ where: { id: user.regionId }, select: { name: true } });
    res.locals.user = { id: user.id, username: user.username, role: user.role, regionId: user.regionId, displayName: user.displayName };
    res.json({
      token,
      user: { id: user.id, username: user.username, role: user.role, regionId: user.regionId, displayName: user.displayName, regionName: region?.name ?? null },
    });
  });

  router.get('/me', requireAuth(deps), async (_req, res) => {
    const user = currentUser(res);
    const region = await deps.db.region.findUnique({ where: { id: user.regionId }, select: { name: true } });
    const { temporal } = deps;
    res.json({
      ...user,
      regionName: region?.name ?? null,
      // what the console offers this user: the policy's actions for the role (rules/policy.ts)
      permissions: allowedActions(user.role),
      temporalUi: temporal.uiUrl ? { url: temporal.uiUrl, namespace: temporal.namespace ?? 'default' } : null,
    });
  });
  return router;
}
