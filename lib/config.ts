/** Runtime configuration from the environment (secrets never have a fallback value). */
import path from 'node:path';
import { z } from 'zod';
import { defaultDatabaseUrl } from './database-url.ts';

/** How browsers reach the API: allowed cross-origin callers, and whether it is served over HTTPS. */
const HttpEnv = z.object({
  /** comma-separated origins (scheme://host[:port]) allowed to call the API from a browser; unset: same origin only */
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const origins = (s ?? '').split(',').map((o) => o.trim()).filter(Boolean);
      for (const o of origins) {
        if (!URL.canParse(o) || new URL(o).origin !== o) ctx.addIssue({ code: 'custom', message: `not an origin (scheme://host[:port]): ${o}` });
      }
      return origins;
    }),
  /** the address users reach the console at; https:// turns on HSTS and upgrade-insecure-requests */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Express 'trust proxy': hops (1) or addresses/subnets (loopback, 10.0.0.0/8); then X-Forwarded-Proto: https counts as HTTPS */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d+|[\w.:/,\s-]+)$/)
    .optional()
    .transform((s) => (s === undefined ? false : /^\d+$/.test(s) ? Number(s) : s)),
});

export interface HttpConfig {
  corsOrigins: string[];
  publicUrl?: string;
  trustProxy: false | number | string;
}

export function loadHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  const e = HttpEnv.parse(env);
  return { corsOrigins: e.CORS_ORIGINS, publicUrl: e.PUBLIC_URL, trustProxy: e.TRUST_PROXY };
}

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
  /** the Temporal Web UI the console links processes to (the embedded dev server's own when unset) */
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** bound of one call from the API to Temporal; past it the API answers 503 with Retry-After */
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
  DEMO_PASSWORD: z.string().min(6).optional(),
  /** signing key of the API's tokens; required outside the embedded mode */
  JWT_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...HttpEnv.shape,
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
  temporalUiUrl?: string;
  temporalCallTimeoutMs: number;
  demoPassword?: string;
  jwtSecret?: string;
  logLevel: string;
  http: HttpConfig;
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
    temporalUiUrl: e.TEMPORAL_UI_URL,
    temporalCallTimeoutMs: e.TEMPORAL_CALL_TIMEOUT_MS,
    temporalPort: e.TEMPORAL_PORT,
    temporalUiPort: e.TEMPORAL_UI_PORT === undefined ? Math.min(e.TEMPORAL_PORT + 1000, 65535) : e.TEMPORAL_UI_PORT || null,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    demoPassword: e.DEMO_PASSWORD,
    jwtSecret: e.JWT_SECRET,
    logLevel: e.LOG_LEVEL,
    http: { corsOrigins: e.CORS_ORIGINS, publicUrl: e.PUBLIC_URL, trustProxy: e.TRUST_PROXY },
  };
}
