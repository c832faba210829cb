package io.promoflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Kafka Streams' application.server is this instance's HTTP address, known once the server has
 * started.
 */
class AdvertisedServerTest {

  final StreamsBuilderFactoryBean factory = mock(StreamsBuilderFactoryBean.class);

  @SuppressWarnings("unchecked")
  final ObjectProvider<StreamsBuilderFactoryBean> factories = mock(ObjectProvider.class);

  final Properties config = new Properties();

  AdvertisedServerTest() {
    config.put("application.id", "gate-service");
    when(factory.getStreamsConfiguration()).thenAnswer(i -> config.clone());
    when(factories.orderedStream()).thenAnswer(i -> Stream.of(factory));
  }

  static WebServerInitializedEvent started(int port, String namespace) {
    WebServer server = mock(WebServer.class);
    when(server.getPort()).thenReturn(port);
    WebServerApplicationContext context = mock(WebServerApplicationContext.class);
    when(context.getServerNamespace()).thenReturn(namespace);
    return new WebServerInitializedEvent(server) {
      @Override
      public WebServerApplicationContext getApplicationContext() {
        return context;
      }
    };
  }

  static InteractiveQueriesProperties properties(String host, Integer port) {
    return new InteractiveQueriesProperties(host, port, null, Duration.ofSeconds(3));
  }

  Properties advertised() {
    ArgumentCaptor<Properties> set = ArgumentCaptor.forClass(Properties.class);
    verify(factory).setStreamsConfiguration(set.capture());
    return set.getValue();
  }

  @Test
  void theListeningPortIsAdvertisedWithTheConfiguredHost() {
    new AdvertisedServer(properties("gate-1.internal", null), factories)
        .onApplicationEvent(started(41234, null));
    assertThat(advertised())
        .containsEntry("application.server", "gate-1.internal:41234")
        .containsEntry("application.id", "gate-service");
  }

  @Test
  void anAdvertisedPortWinsOverTheListeningOne() {
    new AdvertisedServer(properties("localhost", 8082), factories)
        .onApplicationEvent(started(41234, null));
    assertThat(advertised()).containsEntry("application.server", "localhost:8082");
  }

  @Test
  void anExplicitApplicationServerAndTheManagementServerAreLeftAlone() {
    new AdvertisedServer(properties("localhost", null), factories)
        .onApplicationEvent(started(9999, "management"));
    config.put("application.server", "lb.example:80");
    new AdvertisedServer(properties("localhost", null), factories)
        .onApplicationEvent(started(41234, null));
    verify(factory, never()).setStreamsConfiguration(any());
  }

  @Test
  void aClientAlreadyRunningRefusesToStartWithoutItsAddress() {
    when(factory.isRunning()).thenReturn(true);
    assertThatThrownBy(
            () ->
                new AdvertisedServer(properties("localhost", null), factories)
                    .onApplicationEvent(started(41234, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("application.server");
  }

  @Test
  void propertiesRefuseWhatCannotBeAnAddressOrAWeakToken() {
    assertThatThrownBy(() -> properties("host:1", null)).hasMessageContaining("advertised-host");
    assertThatThrownBy(() -> properties("localhost", 70000))
        .hasMessageContaining("advertised-port");
    assertThatThrownBy(
            () ->
                new InteractiveQueriesProperties("localhost", null, "short", Duration.ofSeconds(1)))
        .hasMessageContaining("internal-token");
    assertThat(
            new InteractiveQueriesProperties(
                    "localhost", null, "a-long-enough-secret", Duration.ofSeconds(1))
                .toString())
        .doesNotContain("a-long-enough-secret");
    assertThat(InteractiveQueriesConfiguration.INSTANCE_ID.matcher("gate-1").matches()).isTrue();
    assertThat(InteractiveQueriesConfiguration.INSTANCE_ID.matcher("../x").matches()).isFalse();
  }
}
