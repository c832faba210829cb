package io.promoflow.promotion.flow;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.promotion.adapters.execution.ExecutorKeys;
import io.promoflow.promotion.adapters.execution.ExecutorProperties;
import io.promoflow.promotion.adapters.execution.WebhookExecutor;
import io.promoflow.promotion.domain.AttemptOutcome;
import io.promoflow.promotion.domain.ExecutionRequest;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.promotion.domain.PromotionState;
import io.promoflow.rules.policy.ExecutorPolicy;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionAttempted;
import io.promoflow.schemas.promotions.PromotionExecuting;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Makes one executor call per {@code PromotionExecuting} (attempt n), through the target's circuit
 * breaker (one per host:port), and records it as {@code PromotionAttempted} in the same transaction
 * that consumes the request. A HIGH-severity failure with attempts left carries {@code
 * nextAttemptAt} (exponential backoff with jitter, resilience4j's {@link IntervalFunction}); the
 * promotion's topology keeps that due time in its changelogged store and asks for attempt n+1 when
 * it comes, also after a restart. Nothing sleeps here, so a stopping service never holds a retry:
 * it is simply due when the service is back. A crash between the call and the commit repeats the
 * call with the same idempotency key. An executor whose signing key is not configured stops the
 * service at start ({@link ExecutorKeys}).
 */
@Component
public class ExecutionRunner {

  private static final Logger log = LoggerFactory.getLogger(ExecutionRunner.class);
  private final PipelinePolicy policy;
  private final ExecutorProperties properties;
  private final CircuitBreakerRegistry breakers;
  private final KafkaOperations<Object, Object> kafka;
  private final Events events;
  private final StoreQueries stores;
  private final MeterRegistry meters;

  public ExecutionRunner(
      PipelinePolicy policy,
      ExecutorProperties properties,
      CircuitBreakerRegistry breakers,
      KafkaOperations<Object, Object> kafka,
      Events events,
      StoreQueries stores,
      MeterRegistry meters) {
    ExecutorKeys.check(
        policy, properties); // a named but missing signing key stops the service at start
    this.policy = policy;
    this.properties = properties;
    this.breakers = breakers;
    this.kafka = kafka;
    this.events = events;
    this.stores = stores;
    this.meters = meters;
  }

  @KafkaListener(
      id = "executor",
      topics = "#{T(io.promoflow.schemas.Topics).PROMOTIONS.name()}",
      groupId = "${spring.application.name}-executor")
  public void onRecord(ConsumerRecord<String, Object> record) {
    if (record.value() instanceof PromotionsEnvelope envelope
        && envelope.getPayload() instanceof PromotionExecuting e) {
      execute(record.key(), envelope.getMeta(), e);
    }
  }

  void execute(String key, EventMetadata cause, PromotionExecuting e) {
    if (finished(cause.getPromotionId())) {
      return;
    }
    ExecutorPolicy executorPolicy = policy.executorInto(e.getTargetStage());
    WebhookExecutor executor =
        new WebhookExecutor(executorPolicy, ExecutorKeys.keyFor(executorPolicy, properties));
    ExecutionRequest request =
        new ExecutionRequest(
            cause.getPromotionId(),
            cause.getArtifact().getApplication(),
            cause.getArtifact().getVersion(),
            cause.getArtifact().getDigest(),
            e.getSourceStage(),
            e.getTargetStage(),
            e.getPromotionType().name(),
            e.getRequestedBy(),
            e.getApprovers(),
            cause.getPolicyDigest());
    CircuitBreaker breaker =
        breakers.circuitBreaker(
            "executor-" + URI.create(executorPolicy.url()).getAuthority(),
            () ->
                CircuitBreakerConfig.from(breakers.getDefaultConfig())
                    .recordResult(r -> r instanceof AttemptOutcome o && o.retryable())
                    .build());
    int attempt = e.getAttempt();
    Timer.Sample sample = Timer.start(meters);
    AttemptOutcome outcome;
    try {
      outcome = breaker.executeSupplier(() -> executor.attempt(request, attempt));
    } catch (CallNotPermittedException open) {
      outcome =
          new AttemptOutcome(
              false,
              "NETWORK",
              "HIGH",
              null,
              0,
              "circuit open for " + executorPolicy.url() + " after repeated failures; not called");
    }
    sample.stop(
        meters.timer(
            "promoflow.executor.latency",
            "executor",
            executorPolicy.type(),
            "outcome",
            outcome.succeeded() ? "success" : "failure"));
    meters
        .counter(
            "promoflow.executor.attempts",
            "executor",
            executorPolicy.type(),
            "outcome",
            outcome.succeeded() ? "success" : "failure",
            "category",
            outcome.succeeded() ? "none" : outcome.category())
        .increment();
    boolean willRetry = outcome.retryable() && attempt < executorPolicy.maxAttempts();
    Instant nextAttemptAt = null;
    if (willRetry) {
      long waitMs =
          IntervalFunction.ofExponentialRandomBackoff(
                  executorPolicy.initialBackoff(),
                  executorPolicy.backoffMultiplier(),
                  executorPolicy.jitter())
              .apply(attempt);
      nextAttemptAt = events.clock().instant().plusMillis(waitMs);
    } else if (!outcome.succeeded()) {
      meters
          .counter(
              "promoflow.executor.failures",
              "executor",
              executorPolicy.type(),
              "category",
              outcome.category())
          .increment();
      log.warn(
          "{} executor gave up on promotion {} after {} attempt(s): {}",
          executorPolicy.type(),
          cause.getPromotionId(),
          attempt,
          outcome.detail());
    }
    EventMetadata meta =
        events.meta(cause.getArtifact(), cause.getPromotionId(), cause.getEventId(), null);
    // in the listener's transaction: the attempt is recorded exactly when the request is consumed
    kafka.send(
        Topics.PROMOTIONS.name(),
        key,
        new PromotionsEnvelope(
            meta,
            PromotionAttempted.newBuilder()
                .setTargetStage(e.getTargetStage())
                .setExecutor(executorPolicy.type())
                .setAttempt(attempt)
                .setSucceeded(outcome.succeeded())
                .setCategory(outcome.category())
                .setSeverity(outcome.severity())
                .setHttpStatus(outcome.httpStatus())
                .setDurationMs(outcome.durationMs())
                .setDetail(outcome.detail())
                .setWillRetry(willRetry)
                .setNextAttemptAt(nextAttemptAt)
                .build()));
  }

  /**
   * True when the promotion is known and no longer PROMOTING: a redelivered request is not executed
   * again.
   */
  private boolean finished(String promotionId) {
    try {
      Optional<Promotion> p = stores.get(PromotionTopology.PROMOTIONS, promotionId);
      return p.isPresent() && p.get().state() != PromotionState.PROMOTING;
    } catch (ProblemException storeNotReady) {
      return false;
    }
  }
}
