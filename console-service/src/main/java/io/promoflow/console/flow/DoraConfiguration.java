package io.promoflow.console.flow;

import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The console's Kafka Streams client (application id {@code console-service}, from {@code
 * spring.application.name}: the platform's defaults) and the scheduler that refreshes {@link
 * DoraGauges}.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@EnableScheduling
public class DoraConfiguration {}
