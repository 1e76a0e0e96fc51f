/** metrics — /metrics (Prometheus) and /readyz (see README.md). */
export { createMetrics, routeGroup, type AppMetrics } from './metrics';
export { metricsRoutes } from './routes';
