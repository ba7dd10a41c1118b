// A small HTTP server for `GET /healthz` and `GET /metrics`, for the modes that have no HTTP server of their own:
// the gateway (one process) and the ShardingManager parent. The HTTP transport mounts the same routes instead.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpsRoute } from './routes.js';

export interface OpsServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one). Rejects with a clear message when the port is taken. */
export async function startOpsServer(opts: {
  host: string;
  port: number;
  routes: readonly OpsRoute[];
}): Promise<OpsServer> {
  const byPath = new Map(opts.routes.map((r) => [r.path as string, r]));
  // Health checks and scrapes are small GETs: a client that stalls is dropped after 10 s. Node enforces these
  // timeouts only when it checks its connections, so check every second rather than every 30.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = byPath.get(path);
    if (!route) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'not found', routes: [...byPath.keys()] }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .writeHead(405, { allow: 'GET', 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'method not allowed' }));
      return;
    }
    route.handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `PORT ${opts.port} on ${opts.host} is already in use (health and metrics server): pick another PORT`
            : `cannot listen on ${opts.host}:${opts.port} (health and metrics server): ${err.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    server,
    port,
    url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
