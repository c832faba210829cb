package io.promoflow.notification.domain;

/**
 * One delivery of a notification: a channel and a recipient on it.
 *
 * @param channel slack, email, webhook or log
 * @param recipient an e-mail address, or the channel's single endpoint ({@code channel})
 */
public record Target(String channel, String recipient) {}
