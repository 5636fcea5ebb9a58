import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Registry, type Metric } from 'prom-client';

/** The Prometheus registry of the process: default Node metrics plus HTTP requests by route. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Upper bounds of the latency histogram, in seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** One method, route and status: its request count, total seconds and per-bucket counts (not yet cumulative). */
interface Series {
  labels: { method: string; route: string; status: string };
  count: number;
  sum: number;
  buckets: number[];
}
const series = new Map<string, Series>();

function seriesOf(method: string, route: string, status: string): Series {
  const key = `${method} ${status} ${route}`;
  let found = series.get(key);
  if (!found) {
    found = { labels: { method, route, status }, count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
    series.set(key, found);
  }
  return found;
}

function record(s: Series, seconds: number): void {
  s.count += 1;
  s.sum += seconds;
  for (let i = 0; i < BUCKETS.length; i++) {
    if (seconds <= BUCKETS[i]!) {
      s.buckets[i]! += 1;
      return;
    }
  }
}

interface MetricValue {
  metricName?: string;
  labels: Record<string, string | number>;
  value: number;
}

/**
 * A metric of the registry that reads its values when scraped: what prom-client's registry asks of a metric
 * (`get`, `reset`), formatted by it into the same text as its own Counter or Histogram.
 */
function scrapedMetric(name: string, help: string, type: 'counter' | 'histogram', values: () => MetricValue[]): Metric {
  const metric = { name, help, type, aggregator: 'sum', get: async () => ({ name, help, type, aggregator: 'sum', values: values() }), reset: () => series.clear() };
  return metric as unknown as Metric;
}

/**
 * `http_requests_total` and `http_request_duration_seconds` read plain counters when scraped. prom-client's own
 * Counter and Histogram check and hash the label values on every `inc` and `observe` (labelled children
 * included), which was most of what counting a request cost; here a request adds to numbers found by one string key.
 */
const DURATION = 'http_request_duration_seconds';
metricsRegistry.registerMetric(scrapedMetric('http_requests_total', 'HTTP requests', 'counter', () => [...series.values()].map((s) => ({ labels: s.labels, value: s.count }))));
metricsRegistry.registerMetric(scrapedMetric(DURATION, 'HTTP request latency', 'histogram', () => [...series.values()].flatMap((s) => {
  let cumulative = 0;
  const buckets = BUCKETS.map((le, i) => {
    cumulative += s.buckets[i]!;
    return { metricName: `${DURATION}_bucket`, labels: { le, ...s.labels }, value: cumulative };
  });
  return [
    ...buckets,
    { metricName: `${DURATION}_bucket`, labels: { le: '+Inf', ...s.labels }, value: s.count },
    { metricName: `${DURATION}_sum`, labels: s.labels, value: s.sum },
    { metricName: `${DURATION}_count`, labels: s.labels, value: s.count },
  ];
})));

/** Counts and times every request, labelled by the route pattern (not the raw URL: ids would explode the series). */
export const metricsMiddleware: RequestHandler = (req, res, next) => {
  const started = performance.now();
  res.on('finish', () => {
    const routePath = (req.route as { path?: string } | undefined)?.path;
    record(seriesOf(req.method, routePath ? `${req.baseUrl}${routePath}` : 'unmatched', String(res.statusCode)), (performance.now() - started) / 1000);
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
