/** Listens with the app (failing clearly when the address cannot be had) and shuts down draining in-flight requests. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHUTDOWN_LIMITS } from '../lib/shutdown.ts';
import { settleWrites } from '../lib/pending-writes.ts';
import { createApp } from './app.ts';
import { answerRefusedRequests } from './http.ts';
import type { AppDeps } from './context.ts';

export const ADMIN_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'admin', 'dist');

export interface RunningApi {
  server: Server;
  /** an address a browser on this machine can open */
  url: string;
  /** where it listens, for the log: `127.0.0.1:3000`, `all interfaces, port 3000` */
  listeningOn: string;
  /**
   * Stops accepting connections, lets in-flight requests finish (at most `SHUTDOWN_LIMITS.httpDrainMs`,
   * then their connections are closed), and waits for their audit rows. Resolves with how many
   * connections had to be cut.
   */
  close: () => Promise<{ cut: number }>;
}

/** A listen failure, with a message an operator can act on. */
export class ListenError extends Error {}

function listenMessage(err: NodeJS.ErrnoException, host: string, port: number): string {
  switch (err.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (another API or npm start?); stop it or set PORT`;
    case 'EACCES':
      return `no permission to listen on ${host}:${port}; choose a PORT above 1023`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `HOST ${host} is not an address of this machine`;
    default:
      return `cannot listen on ${host}:${port}: ${err.message}`;
  }
}

const ANY = new Set(['0.0.0.0', '::', '']);

export async function listen(deps: AppDeps, port: number, host = '127.0.0.1'): Promise<RunningApi> {
  const app = createApp({ adminDist: ADMIN_DIST, ...deps });
  const server = createServer(app);
  let closing = false;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const active = new Set<ServerResponse>();
  server.prependListener('request', (_req, res) => {
    // while draining, every response tells its client not to reuse the connection
    if (closing) res.setHeader('Connection', 'close');
    active.add(res);
    res.once('close', () => {
      active.delete(res);
      // a kept-alive connection whose last response has gone out is idle now: close it
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new ListenError(listenMessage(err, host, port), { cause: err }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  answerRefusedRequests(server);
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const any = ANY.has(host);
  const urlHost = any ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  let closed: Promise<{ cut: number }> | null = null;
  return {
    server,
    url: `http://${urlHost}:${actualPort}`,
    listeningOn: any ? `all interfaces, port ${actualPort}` : `${host}:${actualPort}`,
    close: () =>
      (closed ??= (async () => {
        closing = true;
        for (const res of active) if (!res.headersSent) res.setHeader('Connection', 'close');
        let cut = 0;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            cut = sockets.size;
            server.closeAllConnections();
          }, SHUTDOWN_LIMITS.httpDrainMs);
          server.close(() => {
            clearTimeout(timer);
            resolve();
          });
          server.closeIdleConnections();
        });
        await settleWrites(SHUTDOWN_LIMITS.pendingWritesMs);
        return { cut };
      })()),
  };
}
