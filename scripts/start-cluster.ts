/**
 * `npm run start:cluster`: the production topology on one machine — PostgreSQL, the Temporal
 * server (go.temporal.io/server on PostgreSQL), the namespace, WORKERS worker processes and the API,
 * each a supervised child process with its log in DATA_DIR/logs (scripts/cluster.ts). SIGTERM or
 * SIGINT (Ctrl-C) stops everything, in order, within 10 seconds.
 *
 * Environment: DATA_DIR (./data), DATABASE_URL (an existing PostgreSQL server; else Debian's
 * PostgreSQL runs in DATA_DIR/postgres on PG_PORT, 54320), TEMPORAL_DB_URL (Temporal's databases on
 * another server or as another user), TEMPORAL_PORT (7233; the server also takes 7234-7243 and
 * 6933-6939 relative to it), PORT (3000), WORKERS (2), TEMPORAL_NAMESPACE (default),
 * SEED (demo | test | province | none; default: demo on a local PostgreSQL's first start),
 * DEMO_PASSWORD, JWT_SECRET (else a key kept in DATA_DIR/token-secret), and the TLS settings of
 * lib/temporal-connection.ts and deploy/temporal/config.yaml.
 */
import { z } from 'zod';
import { SEED_CHOICES, startCluster } from './cluster.ts';

const Env = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL (the cluster runs on PostgreSQL)').optional(),
  TEMPORAL_DB_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
  PG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  TEMPORAL_PORT: z.coerce.number().int().min(1024).max(65000).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  WORKERS: z.coerce.number().int().min(1).max(64).default(2),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  SEED: z.enum(SEED_CHOICES).optional(),
  DEMO_PASSWORD: z.string().min(6).optional(),
  JWT_SECRET: z.string().min(32).optional(),
});

// an empty variable counts as unset
const parsed = Env.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
if (!parsed.success) {
  for (const i of parsed.error.issues) console.error(`${i.path.join('.')}: ${i.message}`);
  process.exit(2);
}
const env = parsed.data;
const say = (line: string) => console.log(`[cluster] ${line}`);

const starting = new AbortController();
let stopping: Promise<void> | null = null;
let stopCluster: (() => Promise<void>) | null = null;
function onSignal(signal: string) {
  if (!stopCluster) {
    // still starting: stop what runs already; the start then fails and exits
    if (!starting.signal.aborted) say(`${signal} while starting: stopping what runs`);
    starting.abort();
    return;
  }
  stopping ??= stop(signal);
}
async function stop(signal: string) {
  const t = Date.now();
  say(`${signal}: stopping the API, the workers, Temporal and PostgreSQL`);
  await stopCluster?.();
  say(`stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  process.exit(0);
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
// `npm run start:cluster` runs us under npm and a shell; SIGTERM to npm's PID ends that shell
// without passing the signal on. Losing the process that started us counts as SIGTERM, so the
// pieces never outlive it (a process manager should run `node --import tsx scripts/start-cluster.ts`).
const startedBy = process.ppid;
if (startedBy !== 1) {
  setInterval(() => {
    if (process.ppid !== startedBy) onSignal('parent process gone');
  }, 500).unref();
}

try {
  const cluster = await startCluster({
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    temporalDbUrl: env.TEMPORAL_DB_URL,
    pgPort: env.PG_PORT,
    temporalPort: env.TEMPORAL_PORT,
    apiPort: env.PORT,
    workers: env.WORKERS,
    namespace: env.TEMPORAL_NAMESPACE,
    seed: env.SEED,
    demoPassword: env.DEMO_PASSWORD,
    jwtSecret: env.JWT_SECRET,
    log: say,
    signal: starting.signal,
  });
  stopCluster = cluster.stop;
  const t = cluster.timings;
  console.log('');
  console.log(`Console:        ${cluster.apiUrl}/`);
  console.log(`API:            ${cluster.apiUrl}/api  (OpenAPI: ${cluster.apiUrl}/api/openapi.json)`);
  console.log(`Temporal:       ${cluster.temporalAddress}  namespace ${cluster.namespace}`);
  console.log(`Database:       ${cluster.databaseUrl.replace(/\/\/([^:@]+):[^@]*@/, '//$1:***@')}`);
  console.log(`Workers:        ${cluster.workers.map((w) => `${w.name} (pid ${w.pid})`).join(', ')}`);
  console.log(`Logs:           ${cluster.logDir}`);
  console.log(`Demo password:  ${cluster.demoPassword ?? '(unchanged since the database was seeded; set DEMO_PASSWORD to reset it)'}`);
  console.log(
    `Started in ${t.total.toFixed(1)} s (PostgreSQL ${t.postgres.toFixed(1)}, migrate ${t.migrate.toFixed(1)}, seed ${t.seed.toFixed(1)}, ` +
      `Temporal schema ${t['temporal-schema'].toFixed(1)}, server ${t['temporal-server'].toFixed(1)}, namespace ${t.namespace.toFixed(1)}, ` +
      `workers ${t.workers.toFixed(1)}, API ${t.api.toFixed(1)}). Ctrl-C stops everything.`,
  );
} catch (err) {
  if (starting.signal.aborted) {
    say('stopped while starting');
    process.exit(0);
  }
  console.error(`[cluster] start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
