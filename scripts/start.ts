/**
 * `npm start`: the whole system on its embedded defaults — takes the lock of DATA_DIR (one instance
 * per data folder), migrates the SQLite database under DATA_DIR, seeds the demo province on first
 * start, starts the Temporal dev server persisted under DATA_DIR (unless TEMPORAL_ADDRESS is set) and
 * keeps it running (restarted when it dies), the worker, and the API serving the console.
 * SIGTERM or SIGINT (Ctrl-C) stops everything in order: the API drains its in-flight requests, the
 * worker drains, then Temporal and the database are closed (lib/shutdown.ts).
 *
 * The lock is taken before the heavy modules (Temporal SDK, Prisma) load, so a second start on the
 * same DATA_DIR is refused at once; the rest is in start-system.ts.
 */
import { loadConfig } from '../lib/config.ts';
import { acquireInstanceLock } from '../lib/instance-lock.ts';
import { createLifecycle, failStart } from '../lib/shutdown.ts';

const started = Date.now();
const lifecycle = createLifecycle('start', (line) => console.log(line));
try {
  const config = loadConfig();
  const lock = acquireInstanceLock(config.dataDir, {
    api: `${config.host}:${config.port}`,
    temporal: config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`,
  });
  lifecycle.add('instance lock', async () => lock.release());
  const { startSystem } = await import('./start-system.ts');
  await startSystem(config, lock, lifecycle, started);
} catch (err) {
  await failStart('start', err, lifecycle);
}
