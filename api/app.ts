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

import compression from 'compression';
import cors from 'cors';
import express, { Router } from 'express';
import expressStaticGzip from 'express-static-gzip';
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
import { indicatorCorrectionsRouter } from './cycles/indicator-corrections.ts';
import { acknowledgementRouter } from './exit-households/acknowledgement.ts';
import { cyclesRouter } from './cycles/router.ts';
import { departmentImportsRouter } from './department-imports/router.ts';
import { exitFlagsRouter } from './exit-flags/router.ts';
import { exportsRouter } from './exports/router.ts';
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
import { statsRouter } from './stats/router.ts';
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
  // JSON answers compressed (a county's link is slow); the console's files are precompressed below,
  // and CSV/XLSX downloads stream as they are (XLSX is a zip already; a CSV is written page by page)
  app.use(compression({ threshold: 1024, filter: (req, res) => String(res.getHeader('Content-Type') ?? '').startsWith('application/json') && compression.filter(req, res) }));
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
  api.use(indicatorCorrectionsRouter(deps));
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
  api.use(statsRouter(deps));
  api.use(exportsRouter(deps));
  api.use((req, res) => {
    res.status(404).json(errorBody('NOT_FOUND', `no route ${req.method} ${req.baseUrl}${req.path}`));
  });
  app.use('/api', api);

  if (deps.adminDist && existsSync(path.join(deps.adminDist, 'index.html'))) app.use(consoleFiles(deps.adminDist));
  app.use(errorHandler(deps.logger));
  return app;
}

/**
 * The built console (admin/dist). Its files are compressed at build time (admin/vite.config.ts writes
 * `.br` and `.gz` beside each text file): brotli when the browser accepts it, else gzip, else the
 * file itself. Files under /assets carry a content hash in their name, so they never change: a year
 * and `immutable` (no revalidation, even on reload). index.html names the current hashes, so it is
 * revalidated on every load (`no-cache`, answered 304 while unchanged) and a new release shows at once.
 * Any other path but /api and /assets is the single-page app: index.html. A missing /assets file is a
 * 404 (a tab still running an older release asks for a chunk that is gone; HTML would not parse as
 * JavaScript, the 404 lets the console reload itself).
 */
function consoleFiles(dist: string): express.RequestHandler {
  const assets = path.join(dist, 'assets') + path.sep;
  const files = expressStaticGzip(dist, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: 'index.html',
    serveStatic: {
      cacheControl: false,
      setHeaders(res, file) {
        res.setHeader('Cache-Control', file.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    },
  });
  const router = Router();
  router.use(files);
  router.use('/assets', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(404).json(errorBody('NOT_FOUND', `no console file /assets${req.path}`));
  });
  router.get(/^\/(?!api\/).*/, (req, res, next) => {
    // served like "/" (compressed, no-cache): the console routes by the hash, every other path is the app
    req.url = '/index.html';
    files(req, res, next);
  });
  return router;
}
