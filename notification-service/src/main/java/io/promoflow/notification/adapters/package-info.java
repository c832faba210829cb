/**
 * The channels (Slack, e-mail, signed webhook, and the log standing in for an unconfigured one) and
 * the retry and circuit breaker every call to them goes through.
 */
package io.promoflow.notification.adapters;
