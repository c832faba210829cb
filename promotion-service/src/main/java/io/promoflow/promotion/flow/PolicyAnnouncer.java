package io.promoflow.promotion.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.platform.policy.PolicyProperties;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.policies.PoliciesEnvelope;
import io.promoflow.schemas.policies.PolicyActivated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records the pipeline policy in force, content and digest, on {@code promoflow.policies.v1} when the service
 * starts, so that an audit can show the exact rules behind every decision's {@code policyDigest}.
 */
@Component
public class PolicyAnnouncer {

  private static final Logger log = LoggerFactory.getLogger(PolicyAnnouncer.class);
  private final PipelinePolicy policy;
  private final PolicyProperties properties;
  private final Publisher publisher;
  private final Events events;

  public PolicyAnnouncer(PipelinePolicy policy, PolicyProperties properties, Publisher publisher, Events events) {
    this.policy = policy;
    this.properties = properties;
    this.publisher = publisher;
    this.events = events;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void announce() {
    publisher.publish(Topics.POLICIES, policy.name(), new PoliciesEnvelope(events.meta(null, null, null, null),
        new PolicyActivated(policy.digest(), policy.content(), properties.location())));
    log.info("pipeline policy {} in force: {}", policy.name(), policy.digest());
  }
}
