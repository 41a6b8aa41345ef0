/**
 * Test certificates made with Debian's openssl: a CA, the server's certificate (for the name
 * `temporal.test`, 127.0.0.1 and localhost), client certificates signed by that CA, and a client
 * certificate from a second, untrusted CA. ECDSA P-256, valid one day.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Pair {
  cert: string;
  key: string;
}

export interface TestCerts {
  dir: string;
  ca: string;
  server: Pair;
  client: Pair;
  systemWorker: Pair;
  /** the same kind of client certificate, signed by a CA the server does not trust */
  rogueClient: Pair;
  serverName: string;
}

function openssl(args: string[], cwd: string) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): Pair {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.pem`);
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  return { cert, key };
}

function makeLeaf(dir: string, name: string, ca: Pair, ext: string): Pair {
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.pem`);
  const extFile = path.join(dir, `${name}.ext`);
  writeFileSync(extFile, `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n${ext}\n`);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`], dir);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', cert, '-days', '1', '-sha256', '-extfile', extFile], dir);
  return { cert, key };
}

export function makeTestCerts(dir: string): TestCerts {
  mkdirSync(dir, { recursive: true });
  const serverName = 'temporal.test';
  const ca = makeCa(dir, 'test-ca');
  const rogueCa = makeCa(dir, 'rogue-ca');
  return {
    dir,
    ca: ca.cert,
    serverName,
    server: makeLeaf(dir, 'server', ca, `extendedKeyUsage=serverAuth\nsubjectAltName=DNS:${serverName},DNS:localhost,IP:127.0.0.1`),
    client: makeLeaf(dir, 'poverty-exit-worker', ca, 'extendedKeyUsage=clientAuth'),
    systemWorker: makeLeaf(dir, 'temporal-system-worker', ca, 'extendedKeyUsage=clientAuth'),
    rogueClient: makeLeaf(dir, 'rogue-client', rogueCa, 'extendedKeyUsage=clientAuth'),
  };
}
