/**
 * Prometheus: the query client, the reader turning one poll into a {@code HealthReported} and
 * {@code MonitoringQueryFailed} records, and the poller that runs it at each stage's interval.
 */
package io.promoflow.rollback.adapters.prometheus;
