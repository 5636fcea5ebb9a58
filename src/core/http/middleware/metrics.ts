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

/** Counts and times every request, labelled by the route pattern (not the raw URL: ids would explode the series). */
export const metricsMiddleware: RequestHandler = (req, res, next) => {
  const end = duration.startTimer();
  res.on('finish', () => {
    const routePath = (req.route as { path?: string } | undefined)?.path;
    const labels = { method: req.method, route: routePath ? `${req.baseUrl}${routePath}` : 'unmatched', status: String(res.statusCode) };
    requests.inc(labels);
    end(labels);
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
