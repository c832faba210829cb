package io.promoflow.promotion.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.policy.PolicyProperties;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.policies.PoliciesEnvelope;
import io.promoflow.schemas.policies.PolicyActivated;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records the pipeline policy in force, content and digest, on {@code promoflow.policies.v1} when
 * the service starts, so that an audit can show the exact rules behind every decision's {@code
 * policyDigest}.
 *
 * <p>A broker that is slow or away at start-up must neither stop the service nor let it look ready
 * with its policy unrecorded: the announcement is retried with backoff (1 s doubling to 15 s) until
 * it is written, and until then this health indicator ({@code policyAnnouncement}, part of the
 * readiness group) is {@code DOWN} with the last error.
 */
@Component("policyAnnouncement")
public class PolicyAnnouncer implements HealthIndicator, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(PolicyAnnouncer.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(15);
  private final PipelinePolicy policy;
  private final PolicyProperties properties;
  private final Publisher publisher;
  private final Events events;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "policy-announcer");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean announced;
  private volatile String lastError = "not announced yet";

  public PolicyAnnouncer(
      PipelinePolicy policy, PolicyProperties properties, Publisher publisher, Events events) {
    this.policy = policy;
    this.properties = properties;
    this.publisher = publisher;
    this.events = events;
  }

  /**
   * Starts announcing once the application is ready; returns at once (the first attempt runs on its
   * own thread).
   */
  @EventListener(ApplicationReadyEvent.class)
  public void announce() {
    retries.execute(() -> attempt(FIRST_RETRY));
  }

  /**
   * Whether {@code PolicyActivated} for the policy in force was written (committed) to the policies
   * topic.
   */
  public boolean announced() {
    return announced;
  }

  private void attempt(Duration nextDelay) {
    try {
      publisher.publish(
          Topics.POLICIES,
          policy.name(),
          new PoliciesEnvelope(
              events.meta(null, null, null, null),
              new PolicyActivated(policy.digest(), policy.content(), properties.location())));
      announced = true;
      log.info("pipeline policy {} in force: {}", policy.name(), policy.digest());
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      log.warn(
          "pipeline policy {} not recorded yet ({}); retrying in {} s",
          policy.name(),
          e.getMessage(),
          nextDelay.toSeconds());
      Duration after =
          nextDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0
              ? MAX_RETRY
              : nextDelay.multipliedBy(2);
      retries.schedule(() -> attempt(after), nextDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public Health health() {
    return announced
        ? Health.up().withDetail("policyDigest", policy.digest()).build()
        : Health.down()
            .withDetail(
                "reason",
                "pipeline policy not yet recorded on " + Topics.POLICIES.name() + ": " + lastError)
            .build();
  }

  @Override
  public void destroy() {
    retries.shutdownNow();
  }
}
