package io.promoflow.rollback.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.streams.Stores;
import io.promoflow.platform.streams.Topologies;
import io.promoflow.rollback.domain.MonitoringWindow;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code StagePromoted} opens a monitoring window (store {@value #WINDOWS}); {@code HealthReported}
 * inside it is scored, and a breach fails verification and decides a rollback to the stage's last
 * known-good version (store {@value #LEDGERS}); a window that closes without a breach passes
 * verification when it saw health data. Reports read before the promotion that opens their window
 * wait in store {@value #HELD}. Writes verifications and rollback decisions. All inputs are keyed
 * by application and read by one processor, so a window and its reports are in the same task; see
 * {@link MonitoringProcessor} for why arrival order and processing time decide nothing.
 */
@Component
public class RollbackTopology {

  public static final String WINDOWS = "monitoring-windows";
  public static final String LEDGERS = "stage-ledgers";

  /**
   * Health reports and Prometheus results read before their window opened ({@link HeldSignals}).
   */
  public static final String HELD = "monitoring-held-signals";

  static final Duration TICK = Duration.ofMillis(500);

  private final PipelinePolicy policy;
  private final Events events;

  public RollbackTopology(PipelinePolicy policy, Events events) {
    this.policy = policy;
    this.events = events;
  }

  private io.micrometer.core.instrument.MeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  /**
   * Exports {@code promoflow_rollbacks_total{stage,mode}}: each {@code RollbackDecided} on the
   * rollbacks topic (mode: the policy's rollback mode, or {@code requested} through the API); each
   * stage with a rollback policy starts at 0 for its mode and {@code requested}.
   */
  @Autowired(required = false)
  public void meters(io.micrometer.core.instrument.MeterRegistry registry) {
    this.meters = registry;
    for (var stage : policy.stages()) {
      if (stage.rollback() != null) {
        rollbacks(stage.name(), stage.rollback().mode().name());
        rollbacks(stage.name(), "requested");
      }
    }
  }

  private io.micrometer.core.instrument.Counter rollbacks(String stage, String mode) {
    return io.micrometer.core.instrument.Counter.builder("promoflow.rollbacks")
        .description("rollbacks decided, by stage and mode")
        .tag("stage", stage)
        .tag("mode", mode)
        .register(meters);
  }

  private void count(RollbacksEnvelope e) {
    if (e.getPayload() instanceof io.promoflow.schemas.rollbacks.RollbackDecided r) {
      rollbacks(r.getStage(), r.getMode()).increment();
    }
  }

  @Autowired
  public void define(StreamsBuilder builder) {
    Stores.add(builder, WINDOWS, MonitoringWindow.class);
    Stores.add(builder, LEDGERS, StageLedger.class);
    Stores.add(builder, HELD, HeldSignals.class);
    KStream<String, SpecificRecord> out =
        Topologies.stream(builder, Topics.PROMOTIONS)
            .mapValues(v -> (SpecificRecord) v)
            .merge(
                Topologies.stream(builder, Topics.VERIFICATIONS).mapValues(v -> (SpecificRecord) v))
            // its own topic, for lifted holds
            .merge(
                Topologies.stream(builder, Topics.ROLLBACKS)
                    // counted as read: decided here and requested through the API alike
                    .peek((k, v) -> count(v))
                    .mapValues(v -> (SpecificRecord) v))
            .process(() -> new MonitoringProcessor(policy, events, TICK), WINDOWS, LEDGERS, HELD);
    out.filter((k, v) -> v instanceof VerificationsEnvelope)
        .mapValues(v -> (VerificationsEnvelope) v)
        .to(Topics.VERIFICATIONS.name(), Topologies.to(Topics.VERIFICATIONS));
    out.filter((k, v) -> v instanceof RollbacksEnvelope)
        .mapValues(v -> (RollbacksEnvelope) v)
        .to(Topics.ROLLBACKS.name(), Topologies.to(Topics.ROLLBACKS));
  }
}
