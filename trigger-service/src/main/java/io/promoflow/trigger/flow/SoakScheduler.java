package io.promoflow.trigger.flow;

import io.promoflow.platform.streams.InputProgress;
import io.promoflow.rules.keys.ApplicationStage;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import io.promoflow.trigger.domain.TriggerRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds the automatic next-stage request of a verified version until the source stage's soak time
 * ({@code stages[].soakTime}) has elapsed since {@code VerificationPassed}, then emits it. A failed
 * verification of the same version in the meantime cancels it. Pending requests live in a
 * changelogged store, so they survive restarts. A due request is released only once the
 * verifications topic was read up to its due time ({@link InputProgress}): after a restart, a
 * {@code VerificationFailed} still in the backlog cancels it first, whatever the order in which the
 * punctuator and the backlog run.
 */
final class SoakScheduler
    implements Processor<String, VerificationsEnvelope, String, PromotionRequestsEnvelope> {

  static final String STORE = "soaking";
  private final TriggerRules rules;
  private final PromotionRequests requests;
  private final PipelinePolicy policy;
  private final Duration interval;
  private ProcessorContext<String, PromotionRequestsEnvelope> context;
  private KeyValueStore<String, Soaking> soaking;
  private InputProgress progress;

  /** A request waiting for the soak time; {@code dueAt} in epoch ms. */
  record Soaking(String application, String version, long dueAt, byte[] request) {}

  SoakScheduler(
      TriggerRules rules, PromotionRequests requests, PipelinePolicy policy, Duration interval) {
    this.rules = rules;
    this.requests = requests;
    this.policy = policy;
    this.interval = interval;
  }

  @Override
  public void init(ProcessorContext<String, PromotionRequestsEnvelope> context) {
    this.context = context;
    this.soaking = context.getStateStore(STORE);
    this.progress = new InputProgress(context::currentSystemTimeMs, InputProgress.QUIET);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::release);
  }

  @Override
  public void process(Record<String, VerificationsEnvelope> record) {
    progress.read();
    VerificationsEnvelope event = record.value();
    String version = event.getMeta().getArtifact().getVersion();
    if (event.getPayload() instanceof VerificationFailed failed) {
      String key = ApplicationStage.of(record.key(), failed.getStage()).value();
      Soaking pending = soaking.get(key);
      if (pending != null && pending.version().equals(version)) {
        soaking.delete(key);
      }
      return;
    }
    if (!(event.getPayload() instanceof VerificationPassed passed)) {
      return;
    }
    rules
        .afterVerification(event)
        .ifPresent(
            intent -> {
              PromotionRequestsEnvelope request = requests.causedBy(intent, event.getMeta());
              Duration soak =
                  policy.stage(passed.getStage()).map(StagePolicy::soakTime).orElse(Duration.ZERO);
              if (soak.isZero()) {
                context.forward(record.withValue(request));
              } else {
                long due = event.getMeta().getOccurredAt().toEpochMilli() + soak.toMillis();
                soaking.put(
                    ApplicationStage.of(record.key(), passed.getStage()).value(),
                    new Soaking(
                        record.key(),
                        version,
                        due,
                        io.promoflow.schemas.Topics.PROMOTION_REQUESTS.serde().encode(request)));
              }
            });
  }

  private void release(long now) {
    List<KeyValue<String, Soaking>> due = new ArrayList<>();
    try (KeyValueIterator<String, Soaking> it = soaking.all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.value.dueAt() <= now
                && progress.readUpTo(kv.value.dueAt(), context.currentStreamTimeMs())) {
              due.add(kv);
            }
          });
    }
    for (KeyValue<String, Soaking> kv : due) {
      soaking.delete(kv.key);
      context.forward(
          new Record<>(
              kv.value.application(),
              io.promoflow.schemas.Topics.PROMOTION_REQUESTS.serde().decode(kv.value.request()),
              now));
    }
  }
}
