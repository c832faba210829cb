/**
 * Outside systems: Prometheus, polled for the signals of every open monitoring window ({@code
 * prometheus}).
 */
package io.promoflow.rollback.adapters;
