/** Runtime configuration from the environment (secrets never have a fallback value). */
import path from 'node:path';
import { z } from 'zod';
import { defaultDatabaseUrl } from './database-url.ts';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** the API's bind address: loopback unless set (HOST=0.0.0.0 for all interfaces) */
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  /** the embedded Temporal dev server (npm start without TEMPORAL_ADDRESS) and its Web UI (0: no UI) */
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('poverty-exit'),
  DEMO_PASSWORD: z.string().min(6).optional(),
  /** signing key of the API's tokens; required outside the embedded mode */
  JWT_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  temporalAddress?: string;
  temporalPort: number;
  /** null: the dev server runs headless */
  temporalUiPort: number | null;
  temporalNamespace: string;
  taskQueue: string;
  demoPassword?: string;
  jwtSecret?: string;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? defaultDatabaseUrl(dataDir),
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalPort: e.TEMPORAL_PORT,
    temporalUiPort: e.TEMPORAL_UI_PORT === undefined ? Math.min(e.TEMPORAL_PORT + 1000, 65535) : e.TEMPORAL_UI_PORT || null,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    demoPassword: e.DEMO_PASSWORD,
    jwtSecret: e.JWT_SECRET,
    logLevel: e.LOG_LEVEL,
  };
}
