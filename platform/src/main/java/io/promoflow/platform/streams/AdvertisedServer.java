package io.promoflow.platform.streams;

import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Sets Kafka Streams' {@code application.server} of every Streams client of the context to this
 * instance's HTTP address ({@code promoflow.streams.advertised-host}, and {@code advertised-port}
 * or else the port the server listens on) once the HTTP server has started, so that {@code
 * server.port=0} works. The web server starts before the Streams clients (Spring Boot's web server
 * lifecycle phase is lower than {@link StreamsBuilderFactoryBean}'s), so each client is created
 * with the address; a client already running would not advertise it, and the context then refuses
 * to start rather than have other instances read it as "no owner". An {@code application.server}
 * set explicitly in {@code spring.kafka.streams.properties} is kept.
 */
public class AdvertisedServer implements ApplicationListener<WebServerInitializedEvent> {

  private static final Logger log = LoggerFactory.getLogger(AdvertisedServer.class);
  private static final String KEY =
      org.apache.kafka.streams.StreamsConfig.APPLICATION_SERVER_CONFIG;

  private final InteractiveQueriesProperties properties;
  private final ObjectProvider<StreamsBuilderFactoryBean> factories;

  public AdvertisedServer(
      InteractiveQueriesProperties properties,
      ObjectProvider<StreamsBuilderFactoryBean> factories) {
    this.properties = properties;
    this.factories = factories;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (event.getApplicationContext().getServerNamespace() != null) {
      return; // a separate management server: other instances read stores on the main one
    }
    int port =
        properties.advertisedPort() != null
            ? properties.advertisedPort()
            : event.getWebServer().getPort();
    if (port <= 0) {
      return; // no port to advertise: reads stay local
    }
    String server = properties.advertisedHost() + ":" + port;
    for (StreamsBuilderFactoryBean factory : factories.orderedStream().toList()) {
      Properties config = factory.getStreamsConfiguration();
      if (config == null) {
        continue;
      }
      Object configured = config.get(KEY);
      if (configured != null && !configured.toString().isBlank()) {
        log.info("Kafka Streams application.server stays {} (configured)", configured);
        continue;
      }
      if (factory.isRunning()) {
        throw new IllegalStateException(
            "the Kafka Streams client started before the HTTP server, so it cannot "
                + "advertise "
                + server
                + " to the other instances; set "
                + KEY
                + " explicitly");
      }
      config.put(KEY, server);
      factory.setStreamsConfiguration(config);
      log.info("Kafka Streams application.server = {}", server);
    }
  }
}
