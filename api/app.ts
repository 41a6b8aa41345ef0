/** Builds the Express app from its dependencies; api/server.ts listens. Tests import this directly. */

/**
 * Security headers. HSTS and CSP's upgrade-insecure-requests only where the API is served over
 * HTTPS: always when PUBLIC_URL is https://, else per request when a trusted proxy says so
 * (X-Forwarded-Proto: https with TRUST_PROXY set). Sent over plain HTTP they would lock browsers
 * out of a console that has no TLS.
 */
function securityHeaders(http: HttpConfig): express.RequestHandler {
  const csp = (upgrade: boolean) => ({
    directives: {
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'script-src': ["'self'"],
      'upgrade-insecure-requests': upgrade ? [] : null,
    },
  });
  const plain = helmet({ contentSecurityPolicy: csp(false), strictTransportSecurity: false });
  const secure = helmet({ contentSecurityPolicy: csp(true), strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true } });
  const alwaysHttps = http.publicUrl?.startsWith('https://') ?? false;
  return (req, res, next) => (alwaysHttps || req.secure ? secure : plain)(req, res, next);
}

import cors from 'cors';
import express, { Router } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import { loadHttpConfig, type HttpConfig } from '../lib/config.ts';
import { auditEventsRouter } from './audit-events/router.ts';
import { auditWrites } from './audit.ts';
import { authRouter } from './auth/router.ts';
import { cadresRouter } from './cadres/router.ts';
import { casesRouter } from './cases/router.ts';
import { cycleLaunchRouter } from './cycles/launch.ts';
import { acknowledgementRouter } from './exit-households/acknowledgement.ts';
import { cyclesRouter } from './cycles/router.ts';
import { departmentImportsRouter } from './department-imports/router.ts';
import { exitFlagsRouter } from './exit-flags/router.ts';
import { ledgersRouter } from './ledgers/router.ts';
import { requireAuth, type AppDeps } from './context.ts';
import { healthRouter } from './health/router.ts';
import { householdsRouter } from './households/router.ts';
import { returnToPovertyRouter } from './households/return-to-poverty.ts';
import { exitVerificationRouter } from './exit-verification/router.ts';
import { errorBody, errorHandler, rejectBadBody, rejectNulBytes, verifyJsonDepth } from './http.ts';
import { notificationsRouter } from './notifications/router.ts';
import { objectionsRouter } from './objections/router.ts';
import { allowedMethods, buildDocument } from './openapi.ts';
import { rankingsRouter } from './rankings/router.ts';
import { regionsRouter } from './regions/router.ts';
import { returnRequestsRouter } from './return-requests/router.ts';
import { samplesRouter } from './samples/router.ts';
import { tasksRouter } from './tasks/router.ts';

export function createApp(deps: AppDeps & { http?: HttpConfig }): express.Express {
  const http = deps.http ?? loadHttpConfig();
  const app = express();
  app.disable('x-powered-by');
  if (http.trustProxy !== false) app.set('trust proxy', http.trustProxy);
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      // tokens and cookies never reach the logs
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    }),
  );
  // first: a write refused by anything below (body parser, NUL or nesting check, a 500) is audited too
  app.use(auditWrites(deps));
  app.use(rejectNulBytes);
  app.use(securityHeaders(http));
  // other origins only when configured (CORS_ORIGINS); the console itself is served from the same origin
  app.use(cors({ origin: http.corsOrigins.length ? http.corsOrigins : false, exposedHeaders: ['Content-Range'] }));
  app.use(express.json({ limit: '1mb', verify: verifyJsonDepth }));
  app.use(rejectBadBody);

  const api = Router();
  api.use(healthRouter(deps));
  let document: unknown;
  api.get('/openapi.json', (_req, res) => {
    document ??= buildDocument();
    res.json(document);
  });
  // a method a documented path does not serve: 405 with Allow (audited as a refused write, since
  // auditWrites above records every method but GET, HEAD and OPTIONS); OPTIONS lists them
  api.use((req, res, next) => {
    const allowed = allowedMethods(req.baseUrl + req.path);
    if (!allowed || (allowed.includes(req.method) && req.method !== 'OPTIONS')) return next();
    res.setHeader('Allow', allowed.join(', '));
    if (req.method === 'OPTIONS') return void res.status(204).end();
    res.locals.errorCode = 'METHOD_NOT_ALLOWED';
    res.status(405).json(errorBody('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.baseUrl}${req.path}; allowed: ${allowed.join(', ')}`));
  });
  api.use(authRouter(deps));
  api.use(requireAuth(deps));
  api.use(regionsRouter(deps));
  api.use(householdsRouter(deps));
  api.use(returnToPovertyRouter(deps));
  api.use(returnRequestsRouter(deps));
  api.use(cadresRouter(deps));
  api.use(tasksRouter(deps));
  api.use(objectionsRouter(deps));
  api.use(cyclesRouter(deps));
  api.use(cycleLaunchRouter(deps));
  api.use(acknowledgementRouter(deps));
  api.use(samplesRouter(deps));
  api.use(exitVerificationRouter(deps));
  api.use(casesRouter(deps));
  api.use(rankingsRouter(deps));
  api.use(auditEventsRouter(deps));
  api.use(notificationsRouter(deps));
  api.use(departmentImportsRouter(deps));
  api.use(ledgersRouter(deps));
  api.use(exitFlagsRouter(deps));
  api.use((req, res) => {
    res.status(404).json(errorBody('NOT_FOUND', `no route ${req.method} ${req.baseUrl}${req.path}`));
  });
  app.use('/api', api);

  if (deps.adminDist && existsSync(path.join(deps.adminDist, 'index.html'))) {
    const dist = deps.adminDist;
    app.use(express.static(dist, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(path.join(dist, 'index.html')));
  }
  app.use(errorHandler(deps.logger));
  return app;
}
