import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The Prometheus registry of the process: default Node metrics plus HTTP requests by route. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [metricsRegistry] });
const duration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** The series of one method, route and status: prom-client's labelled children, looked up once each. */
interface Series {
  count: { inc(): void };
  time: { observe(seconds: number): void };
}
const series = new Map<string, Series>();
function seriesOf(method: string, route: string, status: string): Series {
  const key = `${method} ${status} ${route}`;
  let found = series.get(key);
  if (!found) {
    found = { count: requests.labels(method, route, status), time: duration.labels(method, route, status) };
    series.set(key, found);
  }
  return found;
}

/**
 * Counts and times every request, labelled by the route pattern (not the raw URL: ids would explode the series).
 * The labelled series are kept by a plain string key: prom-client would otherwise hash the label object twice
 * per request.
 */
export const metricsMiddleware: RequestHandler = (req, res, next) => {
  const started = performance.now();
  res.on('finish', () => {
    const routePath = (req.route as { path?: string } | undefined)?.path;
    const s = seriesOf(req.method, routePath ? `${req.baseUrl}${routePath}` : 'unmatched', String(res.statusCode));
    s.count.inc();
    s.time.observe((performance.now() - started) / 1000);
  });
  next();
};

/** GET /metrics. */
export const metricsEndpoint: RequestHandler = async (_req, res, next) => {
  try {
    res.setHeader('Content-Type', metricsRegistry.contentType);
    res.end(await metricsRegistry.metrics());
  } catch (error) {
    next(error);
  }
};
