/**
 * Kafka in and out: the listener on the consumed topics, delivery once per target with intent and
 * outcome recorded on {@code promoflow.notifications.v1}, and the delivery log read back from that
 * topic.
 */
package io.promoflow.notification.flow;
