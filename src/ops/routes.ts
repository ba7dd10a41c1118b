// `GET /healthz` and `GET /metrics` as plain node:http handlers, so every mode serves them the same way: the ops
// server below (gateway mode, ShardingManager parent), extra routes of the HTTP transport, the playground (healthz).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Health } from './health.js';

export interface MetricsSource {
  metrics(): Promise<string>;
  readonly contentType: string;
}

export type OpsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface OpsRoute {
  method: 'GET';
  path: '/healthz' | '/metrics';
  handler: OpsHandler;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function healthzHandler(health: Health): OpsHandler {
  return async (_req, res) => {
    const report = await health.report();
    send(res, report.status, 'application/json; charset=utf-8', JSON.stringify(report.body));
  };
}

export function metricsHandler(source: MetricsSource): OpsHandler {
  return async (_req, res) => {
    try {
      const text = await source.metrics();
      send(res, 200, source.contentType, text);
    } catch (err) {
      send(res, 500, 'text/plain; charset=utf-8', `metrics unavailable: ${(err as Error).message}\n`);
    }
  };
}

/** The routes for a mode: `/healthz` always, `/metrics` when there is a source (not in the playground). */
export function opsRoutes(health: Health, metrics?: MetricsSource): OpsRoute[] {
  const routes: OpsRoute[] = [{ method: 'GET', path: '/healthz', handler: healthzHandler(health) }];
  if (metrics) routes.push({ method: 'GET', path: '/metrics', handler: metricsHandler(metrics) });
  return routes;
}
