/**
 * How the worker (NativeConnection) and the API (Connection) reach a Temporal cluster, from the
 * environment — plain on one machine, TLS or mTLS on a secured cluster, an API key on Temporal Cloud:
 *
 *   TEMPORAL_ADDRESS          host:port of the frontend (required here)
 *   TEMPORAL_TLS_CA           the server's CA certificate (PEM file, or the PEM itself); turns TLS on.
 *                             Without it, TLS verifies the server against the system's CAs.
 *   TEMPORAL_TLS_CERT         this client's certificate (mTLS) — PEM file or PEM; needs TEMPORAL_TLS_KEY
 *   TEMPORAL_TLS_KEY          this client's private key (mTLS) — PEM file or PEM; needs TEMPORAL_TLS_CERT
 *   TEMPORAL_TLS_SERVER_NAME  the name to expect in the server's certificate when it differs from the
 *                             address's host (an IP address, a load balancer)
 *   TEMPORAL_TLS              `true`: TLS with the system's CAs and nothing else set (Temporal Cloud);
 *                             `false`: no TLS even with an API key (a plain local cluster behind a proxy)
 *   TEMPORAL_API_KEY          sent as `Authorization: Bearer …`; turns TLS on unless TEMPORAL_TLS=false
 *
 * Any TEMPORAL_TLS_* variable turns TLS on. A variable that names a missing file, or a certificate
 * without its key, is refused at start with a message that names the variable.
 */
import type { ConnectionOptions, TLSConfig } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const optional = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

const TemporalConnectionEnv = z
  .object({
    TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'must be host:port').optional(),
    TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
    TEMPORAL_TLS_CA: optional,
    TEMPORAL_TLS_CERT: optional,
    TEMPORAL_TLS_KEY: optional,
    TEMPORAL_TLS_SERVER_NAME: optional,
    TEMPORAL_API_KEY: optional,
  })
  .refine((e) => !e.TEMPORAL_TLS_CERT === !e.TEMPORAL_TLS_KEY, {
    message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (the client certificate and its key, for mTLS)',
  })
  .refine((e) => e.TEMPORAL_TLS !== 'false' || !(e.TEMPORAL_TLS_CA || e.TEMPORAL_TLS_CERT || e.TEMPORAL_TLS_SERVER_NAME), {
    message: 'TEMPORAL_TLS=false contradicts the TEMPORAL_TLS_* variables that are set',
  });

export interface TemporalConnectionSettings {
  address: string;
  /** undefined: plaintext */
  tls?: TLSConfig;
  apiKey?: string;
}

/** A PEM given inline, or read from the file the variable names. */
function pem(name: string, value: string): Buffer {
  if (value.startsWith('-----BEGIN ')) return Buffer.from(value.replace(/\\n/g, '\n'));
  try {
    return readFileSync(value);
  } catch (err) {
    throw new Error(`${name}=${value}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
}

/**
 * Reads and checks the connection settings. `address` is TEMPORAL_ADDRESS unless given (npm start
 * passes the address of the dev server it started).
 */
export function temporalConnectionSettings(env: NodeJS.ProcessEnv = process.env, address?: string): TemporalConnectionSettings {
  const parsed = TemporalConnectionEnv.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new Error(`Temporal connection settings: ${issues.join('; ')}`);
  }
  const e = parsed.data;
  const target = address ?? e.TEMPORAL_ADDRESS;
  if (!target) throw new Error('TEMPORAL_ADDRESS is required (host:port of the Temporal frontend)');
  const wantsTls =
    e.TEMPORAL_TLS === 'true' || !!(e.TEMPORAL_TLS_CA || e.TEMPORAL_TLS_CERT || e.TEMPORAL_TLS_SERVER_NAME) || (!!e.TEMPORAL_API_KEY && e.TEMPORAL_TLS !== 'false');
  let tls: TLSConfig | undefined;
  if (wantsTls) {
    tls = {};
    if (e.TEMPORAL_TLS_CA) tls.serverRootCACertificate = pem('TEMPORAL_TLS_CA', e.TEMPORAL_TLS_CA);
    if (e.TEMPORAL_TLS_CERT && e.TEMPORAL_TLS_KEY) {
      tls.clientCertPair = { crt: pem('TEMPORAL_TLS_CERT', e.TEMPORAL_TLS_CERT), key: pem('TEMPORAL_TLS_KEY', e.TEMPORAL_TLS_KEY) };
    }
    if (e.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = e.TEMPORAL_TLS_SERVER_NAME;
  }
  return { address: target, tls, apiKey: e.TEMPORAL_API_KEY };
}

/**
 * `tls: false` (not undefined or null) when plaintext: the SDK turns TLS on by itself when an API
 * key is given and `tls` is nullish, and TEMPORAL_TLS=false must win over that.
 */
function tlsOption(s: TemporalConnectionSettings): TLSConfig | false {
  return s.tls ?? false;
}

/** Options for the worker's `NativeConnection.connect`. */
export function nativeConnectionOptions(env: NodeJS.ProcessEnv = process.env, address?: string): NativeConnectionOptions {
  const s = temporalConnectionSettings(env, address);
  return { address: s.address, tls: tlsOption(s), ...(s.apiKey ? { apiKey: s.apiKey } : {}) };
}

/** Options for the client's `Connection.connect` (the API, scripts). */
export function clientConnectionOptions(env: NodeJS.ProcessEnv = process.env, address?: string): ConnectionOptions {
  const s = temporalConnectionSettings(env, address);
  return { address: s.address, tls: tlsOption(s), ...(s.apiKey ? { apiKey: s.apiKey } : {}) };
}

/** One line for logs: where and how (never the key or the certificates). */
export function describeConnection(s: TemporalConnectionSettings): string {
  const how = !s.tls ? 'plaintext' : s.tls.clientCertPair ? 'mTLS' : 'TLS';
  return `${s.address} (${how}${s.apiKey ? ', API key' : ''})`;
}
