/**
 * GitHub's inbound adapter: {@code POST /webhooks/github}, its {@code X-Hub-Signature-256} check
 * and the mapping of a successful {@code workflow_run} to a build.
 */
package io.promoflow.trigger.adapters.github;
