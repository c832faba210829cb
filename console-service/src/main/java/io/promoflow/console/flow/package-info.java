/** Kafka Streams topologies and listeners that fold the event log into the console's views. */
package io.promoflow.console.flow;
