package io.promoflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The client states come from a mocked KafkaStreams; the topology (and so the store names) is real.
 */
class KafkaStreamsHealthIndicatorTest {

  final KafkaStreams streams = mock(KafkaStreams.class);
  final StreamsBuilderFactoryBean factory = mock(StreamsBuilderFactoryBean.class);
  final StreamThreadFailures failures =
      new StreamThreadFailures(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  final KafkaStreamsHealthIndicator health =
      new KafkaStreamsHealthIndicator(
          new ObjectProvider<>() {
            @Override
            public StreamsBuilderFactoryBean getObject(Object... args) {
              return factory;
            }

            @Override
            public StreamsBuilderFactoryBean getIfAvailable() {
              return factory;
            }

            @Override
            public StreamsBuilderFactoryBean getIfUnique() {
              return factory;
            }

            @Override
            public StreamsBuilderFactoryBean getObject() {
              return factory;
            }

            @Override
            public Stream<StreamsBuilderFactoryBean> stream() {
              return Stream.of(factory);
            }

            @Override
            public Stream<StreamsBuilderFactoryBean> orderedStream() {
              return Stream.of(factory);
            }
          },
          failures);

  KafkaStreamsHealthIndicatorTest() {
    StreamsBuilder builder = new StreamsBuilder();
    Stores.add(builder, "things", String.class);
    builder.stream("in")
        .process(
            () ->
                new org.apache.kafka.streams.processor.api.Processor<
                    Object, Object, Object, Object>() {
                  @Override
                  public void process(
                      org.apache.kafka.streams.processor.api.Record<Object, Object> record) {}
                },
            "things");
    Properties props = new Properties();
    props.put("application.id", "gate-service");
    when(factory.getTopology()).thenReturn(builder.build());
    when(factory.getStreamsConfiguration()).thenReturn(props);
    when(factory.getKafkaStreams()).thenReturn(streams);
    when(factory.isRunning()).thenReturn(true);
  }

  void running(String threadState) {
    when(streams.state()).thenReturn(KafkaStreams.State.RUNNING);
    ThreadMetadata thread = mock(ThreadMetadata.class);
    when(thread.threadName()).thenReturn("t-1");
    when(thread.threadState()).thenReturn(threadState);
    when(streams.metadataForLocalThreads()).thenReturn(Set.of(thread));
  }

  @Test
  void upWhenRunningWithQueryableStores() {
    running("RUNNING");
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void downWhenTheClientIsInError() {
    when(streams.state()).thenReturn(KafkaStreams.State.ERROR);
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.health().getDetails()).containsEntry("gate-service", "ERROR");
  }

  @Test
  void downWhileRebalancingOrStopped() {
    when(streams.state()).thenReturn(KafkaStreams.State.REBALANCING);
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    when(factory.isRunning()).thenReturn(false);
    assertThat(health.health().getDetails()).containsEntry("gate-service", "not started");
  }

  @Test
  void downWhenAThreadIsDead() {
    running("DEAD");
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.health().getDetails().get("gate-service").toString()).contains("t-1 is DEAD");
  }

  @Test
  void downWhenAStoreIsNotQueryable() {
    running("RUNNING");
    when(streams.store(any())).thenThrow(new InvalidStateStoreException("restoring"));
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.health().getDetails().get("gate-service").toString())
        .contains("store things");
  }

  @Test
  void deadThreadsAreReplacedAndACrashLoopIsDown() {
    running("RUNNING");
    assertThat(failures.handle(new IllegalStateException("bug")))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(health.health().getStatus()).as("one replaced thread").isEqualTo(Status.UP);
    failures.handle(new IllegalStateException("bug"));
    failures.handle(new IllegalStateException("bug"));
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.health().getDetails().get("threadFailures").toString())
        .contains("3 replaced")
        .contains("bug");
  }
}
