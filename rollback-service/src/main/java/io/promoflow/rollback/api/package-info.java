/**
 * HTTP: health reports pushed by deployers and monitors, rollback requests, lifted holds and
 * verification reruns; each route validates its request record and publishes one event.
 */
package io.promoflow.rollback.api;
