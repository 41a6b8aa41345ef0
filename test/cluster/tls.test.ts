/**
 * Secured connections against the real Temporal server configured for mTLS (deploy/temporal/config.yaml
 * with TEMPORAL_SERVER_TLS_* set), with certificates made here by openssl: the worker and the client
 * connect through lib/temporal-connection.ts with the CA, their certificate and key, and run a
 * workflow round trip; a client without a certificate, with one from another CA, or in plaintext
 * is refused.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureNamespace,
  findClusterBinaries,
  freeTemporalPort,
  pgServerOf,
  resolveClusterBinaries,
  setupTemporalSchema,
  TEMPORAL_CONFIG,
  temporalPorts,
  temporalServerEnv,
  temporalServes,
  type ClusterBinaries,
} from '../../scripts/cluster.ts';
import { Supervisor } from '../../lib/supervisor.ts';
import { clientConnectionOptions, nativeConnectionOptions, temporalConnectionSettings } from '../../lib/temporal-connection.ts';
import { inject, IN_CI, requirePart } from '../helpers/env.ts';
import { makeTestCerts, type TestCerts } from './certs.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const TMP = path.resolve('test/.tmp', `tls-${process.pid}`);
const canBuild = findClusterBinaries() !== null || existsSync('/usr/local/go/bin/go') || !!process.env.PATH?.split(':').some((d) => existsSync(path.join(d, 'go')));
const pgUrl = inject('pgUrl');
const run = requirePart(canBuild, 'the production Temporal server (or Go to build it)') && requirePart(pgUrl !== null, 'PostgreSQL (TEST_PG_URL)');

describe('Temporal connection settings from the environment', () => {
  const certs = () => makeTestCerts(path.join(TMP, 'settings'));
  it('is plaintext with only an address, and needs the address', () => {
    expect(temporalConnectionSettings({ TEMPORAL_ADDRESS: 'temporal:7233' })).toEqual({ address: 'temporal:7233', tls: undefined, apiKey: undefined });
    expect(nativeConnectionOptions({ TEMPORAL_ADDRESS: 'temporal:7233' })).toEqual({ address: 'temporal:7233', tls: false });
    expect(() => temporalConnectionSettings({})).toThrow('TEMPORAL_ADDRESS is required');
    expect(() => temporalConnectionSettings({ TEMPORAL_ADDRESS: 'no-port' })).toThrow('TEMPORAL_ADDRESS: must be host:port');
  });

  it('reads the CA, the client pair and the server name from files or inline PEM', () => {
    const c = certs();
    const s = temporalConnectionSettings({ TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_TLS_CA: c.ca, TEMPORAL_TLS_CERT: c.client.cert, TEMPORAL_TLS_KEY: readFileSync(c.client.key, 'utf8'), TEMPORAL_TLS_SERVER_NAME: 'temporal.test' });
    expect(s.tls?.serverNameOverride).toBe('temporal.test');
    expect(Buffer.from(s.tls!.serverRootCACertificate!).toString()).toBe(readFileSync(c.ca, 'utf8'));
    expect(Buffer.from(s.tls!.clientCertPair!.crt).toString()).toBe(readFileSync(c.client.cert, 'utf8'));
    expect(Buffer.from(s.tls!.clientCertPair!.key).toString()).toBe(readFileSync(c.client.key, 'utf8').trim());
  });

  it('turns TLS on for an API key (Temporal Cloud) unless TEMPORAL_TLS=false, and sends the key', () => {
    expect(clientConnectionOptions({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'k-123' })).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: {}, apiKey: 'k-123' });
    expect(clientConnectionOptions({ TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_API_KEY: 'k-123', TEMPORAL_TLS: 'false' })).toEqual({ address: '127.0.0.1:7233', tls: false, apiKey: 'k-123' });
    expect(clientConnectionOptions({ TEMPORAL_ADDRESS: 'x:1', TEMPORAL_TLS: 'true' }).tls).toEqual({});
  });

  it('refuses a certificate without its key, a missing file, and contradictions, naming the variable', () => {
    const c = certs();
    expect(() => temporalConnectionSettings({ TEMPORAL_ADDRESS: 'x:1', TEMPORAL_TLS_CERT: c.client.cert })).toThrow('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together');
    expect(() => temporalConnectionSettings({ TEMPORAL_ADDRESS: 'x:1', TEMPORAL_TLS_CA: '/nonexistent/ca.pem' })).toThrow('TEMPORAL_TLS_CA=/nonexistent/ca.pem: cannot read the file (ENOENT)');
    expect(() => temporalConnectionSettings({ TEMPORAL_ADDRESS: 'x:1', TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: c.ca })).toThrow('TEMPORAL_TLS=false contradicts');
    expect(() => temporalConnectionSettings({ TEMPORAL_ADDRESS: 'x:1', TEMPORAL_TLS: 'yes' })).toThrow('TEMPORAL_TLS');
  });
});

describe.runIf(run)('the real Temporal server with mTLS', () => {
  let certs: TestCerts;
  let supervisor: Supervisor;
  let address: string;
  let good: NodeJS.ProcessEnv;
  let binaries: ClusterBinaries;
  const logs: string[] = [];

  beforeAll(async () => {
    binaries = await resolveClusterBinaries((l) => console.log(`[tls test] ${l}`), path.join(TMP, 'provision.log'));
    certs = makeTestCerts(path.join(TMP, 'certs'));
    const server = pgServerOf(pgUrl!);
    const dbs = { temporal: `pee_${inject('pgRun')}_tls_temporal`, visibility: `pee_${inject('pgRun')}_tls_visibility` };
    await setupTemporalSchema(binaries, server, dbs, (l) => logs.push(l));
    const ports = temporalPorts(await freeTemporalPort());
    address = `127.0.0.1:${ports.frontend}`;
    good = { TEMPORAL_TLS_CA: certs.ca, TEMPORAL_TLS_CERT: certs.client.cert, TEMPORAL_TLS_KEY: certs.client.key, TEMPORAL_TLS_SERVER_NAME: certs.serverName };
    supervisor = new Supervisor(path.join(TMP, 'logs'), (l) => logs.push(l));
    supervisor.add({
      name: 'temporal',
      command: binaries.server,
      args: ['--config-file', TEMPORAL_CONFIG, '--allow-no-auth', 'start'],
      env: {
        PATH: process.env.PATH,
        ...temporalServerEnv(server, dbs, ports, {
          TEMPORAL_SERVER_TLS_CERT: certs.server.cert,
          TEMPORAL_SERVER_TLS_KEY: certs.server.key,
          TEMPORAL_SERVER_TLS_CLIENT_CA: certs.ca,
          TEMPORAL_SERVER_TLS_CA: certs.ca,
          TEMPORAL_SERVER_TLS_SERVER_NAME: certs.serverName,
          TEMPORAL_SYSTEM_WORKER_TLS_CERT: certs.systemWorker.cert,
          TEMPORAL_SYSTEM_WORKER_TLS_KEY: certs.systemWorker.key,
        }),
      },
      ready: async () => {
        const deadline = Date.now() + 60_000;
        while (!(await temporalServes(good, address))) {
          if (Date.now() > deadline) throw new Error('the mTLS server did not serve within 60 s');
          await new Promise((r) => setTimeout(r, 200));
        }
      },
    });
    await supervisor.get('temporal').start();
    await ensureNamespace(good, address, 'default', 1);
  }, IN_CI ? 900_000 : 600_000);

  afterAll(async () => {
    await supervisor?.stop([{ names: ['temporal'], graceMs: 5_000 }]);
  });

  it('runs a workflow round trip for a worker and a client with the CA, their certificate and key', async () => {
    const nativeConnection = await NativeConnection.connect(nativeConnectionOptions(good, address));
    const taskQueue = `tls-${randomUUID()}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowsPath: path.join(here, 'tls-workflow.ts'),
      activities: { greet: async (name: string) => `hello ${name}` },
    });
    const connection = await Connection.connect(clientConnectionOptions(good, address));
    try {
      const result = await worker.runUntil(
        new Client({ connection }).workflow.execute('tlsRoundTrip', { taskQueue, workflowId: `tls-${randomUUID()}`, args: ['mTLS'] }),
      );
      expect(result).toBe('hello mTLS (through the workflow)');
      const ns = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(ns.namespaceInfo?.name).toBe('default');
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  });

  /** The SDK's client (grpc-js) fails with a generic message on a refused handshake. */
  async function refused(env: NodeJS.ProcessEnv): Promise<string> {
    const attempt = async () => {
      const connection = await Connection.connect({ ...clientConnectionOptions(env, address), connectTimeout: 5_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
      } finally {
        await connection.close();
      }
    };
    const err = await attempt().then(
      () => null,
      (e: Error) => e,
    );
    expect(err, 'the connection must be refused').not.toBeNull();
    return err!.message;
  }

  /**
   * The handshake itself, with Node's TLS client and the same files: `ok` when the server, past the
   * handshake, speaks HTTP/2 (its SETTINGS frame); else the error code of the server's alert.
   */
  function handshake(o: { ca?: string; cert?: string; key?: string }): Promise<string> {
    const [host, port] = address.split(':');
    return new Promise((resolve) => {
      const socket = tls.connect({
        host,
        port: Number(port),
        servername: certs.serverName,
        ALPNProtocols: ['h2'],
        ca: o.ca ? readFileSync(o.ca) : undefined,
        cert: o.cert ? readFileSync(o.cert) : undefined,
        key: o.key ? readFileSync(o.key) : undefined,
      });
      const done = (result: string) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(result);
      };
      const timer = setTimeout(() => done('no answer within 10 s'), 10_000);
      socket.once('secureConnect', () => socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
      socket.once('data', (b: Buffer) => done(b[3] === 0x4 ? 'ok' : `unexpected frame type ${b[3]}`));
      socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
      socket.once('close', () => done('closed'));
    });
  }

  it('completes the handshake for the right certificate (the control for the refusals below)', async () => {
    expect(await handshake({ ca: certs.ca, cert: certs.client.cert, key: certs.client.key })).toBe('ok');
  });

  it('refuses a client that presents no certificate', async () => {
    expect(await refused({ TEMPORAL_TLS_CA: certs.ca, TEMPORAL_TLS_SERVER_NAME: certs.serverName })).toBe('Failed to connect before the deadline');
    expect(await handshake({ ca: certs.ca })).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
  });

  it('refuses a worker that presents no certificate', async () => {
    const err = await NativeConnection.connect(nativeConnectionOptions({ TEMPORAL_TLS_CA: certs.ca, TEMPORAL_TLS_SERVER_NAME: certs.serverName }, address)).then(
      async (c) => {
        await c.close();
        return null;
      },
      (e: Error) => e,
    );
    // the server closes the connection after its alert (see the handshake above); the worker's
    // core sees the alert itself, or a closed connection, a broken pipe, or a connection that never
    // became ready (CI, 2026-11-27), depending on timing
    expect(err?.message).toMatch(/^Failed to call GetSystemInfo: .*(connection closed|broken pipe|fatal alert: CertificateRequired|connection was not ready)/i);
  });

  it('refuses a client certificate signed by another CA', async () => {
    expect(await refused({ TEMPORAL_TLS_CA: certs.ca, TEMPORAL_TLS_CERT: certs.rogueClient.cert, TEMPORAL_TLS_KEY: certs.rogueClient.key, TEMPORAL_TLS_SERVER_NAME: certs.serverName })).toBe(
      'Failed to connect before the deadline',
    );
    expect(await handshake({ ca: certs.ca, cert: certs.rogueClient.cert, key: certs.rogueClient.key })).toBe('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
  });

  it('refuses a plaintext client', async () => {
    expect(await refused({})).toMatch(/Failed to connect before the deadline|UNAVAILABLE|protocol/i);
  });

  it('is refused by a client that does not trust the server (no CA given: system roots only)', async () => {
    expect(await refused({ TEMPORAL_TLS: 'true', TEMPORAL_TLS_CERT: certs.client.cert, TEMPORAL_TLS_KEY: certs.client.key, TEMPORAL_TLS_SERVER_NAME: certs.serverName })).toBe(
      'Failed to connect before the deadline',
    );
    expect(await handshake({ cert: certs.client.cert, key: certs.client.key })).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
