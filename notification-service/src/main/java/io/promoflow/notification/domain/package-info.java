/**
 * Pure rules, no Spring or Kafka: which events become which notifications (one {@code KindComposer}
 * per event kind, tabled by {@code NotificationComposer}) and where each goes ({@code
 * NotificationRouter}, the policy's routes). Start reading at {@code NotificationComposer}.
 */
package io.promoflow.notification.domain;
