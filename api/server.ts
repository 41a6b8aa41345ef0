/** Listens with the app and shuts down cleanly. */
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { answerRefusedRequests } from './http.ts';
import type { AppDeps } from './context.ts';

export const ADMIN_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'admin', 'dist');

export async function listen(deps: AppDeps, port: number, host = '0.0.0.0'): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const app = createApp({ adminDist: ADMIN_DIST, ...deps });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  answerRefusedRequests(server);
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://localhost:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
