import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { documentRoute } from '../openapi.ts';
import { RETRY_AFTER_SECONDS } from '../temporal.ts';

const Health = z.object({ status: z.enum(['ok', 'degraded']), temporal: z.enum(['ok', 'down']), database: z.enum(['ok', 'down']) });

documentRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Health of the API, the database and Temporal; 503 naming the failing part',
  tag: 'health',
  response: Health,
  auth: false,
  extraResponses: { '503': { description: 'a part is down (the same body, naming it)', content: { 'application/json': { schema: Health } } } },
});

/** A health check answers within this, whatever is down (the database's and Temporal's checks run at once). */
const TIMEOUT_MS = 2000;

function within<T>(p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref())]);
}

export function healthRouter({ db, temporal, logger }: AppDeps): Router {
  const router = Router();
  // the reason goes to the log, not to the (unauthenticated) caller
  const down = (part: string) => (err: Error) => {
    logger.warn({ err, part }, 'health check failed');
    return 'down';
  };
  router.get('/health', async (_req, res) => {
    const [database, temporalState] = await Promise.all([
      within(db.$queryRawUnsafe('SELECT 1')).then(() => 'ok', down('database')),
      within(temporal.client.withDeadline(Date.now() + TIMEOUT_MS, () => temporal.client.workflowService.getSystemInfo({}))).then(() => 'ok', down('temporal')),
    ]);
    const ok = database === 'ok' && temporalState === 'ok';
    if (!ok) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', temporal: temporalState, database });
  });
  return router;
}
