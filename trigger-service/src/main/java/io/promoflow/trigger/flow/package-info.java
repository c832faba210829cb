/**
 * Kafka in and out: the trigger topology (builds, verifications and rollback decisions in,
 * promotion requests out, soak times), the build intake that publishes each build once, and the
 * promotion request events.
 */
package io.promoflow.trigger.flow;
