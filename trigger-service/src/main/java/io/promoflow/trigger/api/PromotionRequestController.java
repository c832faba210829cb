package io.promoflow.trigger.api;

import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.security.Caller;
import io.promoflow.platform.security.RequiresRole;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.rules.policy.HotfixPolicy;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.Urgency;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.trigger.domain.BuildRecord;
import io.promoflow.trigger.domain.ChangeRequests;
import io.promoflow.trigger.domain.PromotionIntent;
import io.promoflow.trigger.flow.BuildIntake;
import io.promoflow.trigger.flow.PromotionRequests;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/promotions} (role developer or ci): requests a recorded build into a stage. A
 * MANUAL request comes from the stage before the target; a HOTFIX from the stage before the target
 * on the policy's hotfix path for its urgency ({@code hotfix.<URGENCY>.path}). Eligibility is
 * decided by the gate service, not here.
 *
 * <p>Change management (GitHub issue 18 point 4): a request into a stage whose transition requires
 * a change request ({@code transitions[].changeRequest}, by default the production stage; hotfixes
 * too) without {@code changeRequestId} is refused with 400 naming the field; an id given is
 * verified with the configured change management system ({@link ChangeRequests}) before anything is
 * published: unknown → 400, not approved → 409, no answer → 503.
 */
@RestController
public class PromotionRequestController {

  private final BuildIntake builds;
  private final PipelinePolicy policy;
  private final PromotionRequests requests;
  private final Publisher publisher;
  private final ChangeRequests changeRequests;

  public PromotionRequestController(
      BuildIntake builds,
      PipelinePolicy policy,
      PromotionRequests requests,
      Publisher publisher,
      ChangeRequests changeRequests) {
    this.builds = builds;
    this.policy = policy;
    this.requests = requests;
    this.publisher = publisher;
    this.changeRequests = changeRequests;
  }

  /**
   * 202 {@code {"promotionId"}}; 400 for an unknown stage or hotfix path or a missing or unknown
   * {@code changeRequestId}, 404 for an unknown build, 409 for a change request that is not
   * approved, 503 when change management does not answer.
   */
  @RequiresRole({"developer", "ci"})
  @PostMapping("/api/v1/promotions")
  public ResponseEntity<Map<String, String>> request(@Valid @RequestBody PromotionRequest body) {
    Caller caller = Caller.current();
    if (policy.stage(body.targetStage()).isEmpty()) {
      throw ProblemException.badField(
          "targetStage",
          "unknown stage "
              + body.targetStage()
              + " (stages: "
              + String.join(", ", policy.stageNames())
              + ")");
    }
    String source =
        body.type() == PromotionRequest.Type.HOTFIX
            ? hotfixSource(body)
            : manualSource(body.targetStage());
    String changeRequestId =
        body.changeRequestId() == null || body.changeRequestId().isBlank()
            ? null
            : body.changeRequestId().strip();
    if (changeRequestId == null && policy.changeRequestRequired(body.targetStage())) {
      throw ProblemException.badField(
          "changeRequestId",
          "required for a promotion into "
              + body.targetStage()
              + " (policy transitions[].changeRequest: required)");
    }
    BuildRecord build =
        builds
            .find(body.application(), body.version())
            .orElseThrow(
                () ->
                    ProblemException.notFound(
                        "build " + body.application() + " " + body.version()));
    PromotionIntent intent =
        new PromotionIntent(
            new ArtifactRef(build.application(), build.version(), build.digest()),
            body.type() == PromotionRequest.Type.HOTFIX
                ? PromotionType.HOTFIX
                : PromotionType.MANUAL,
            source,
            body.targetStage(),
            caller.user(),
            body.reason());
    if (changeRequestId != null) {
      verify(changeRequestId);
    }
    String promotionId = UUID.randomUUID().toString();
    publisher.publish(
        Topics.PROMOTION_REQUESTS,
        build.application(),
        requests.envelope(
            intent,
            promotionId,
            build.eventId(),
            caller.user(),
            body.urgency() == null ? null : body.urgency().name(),
            changeRequestId));
    return ResponseEntity.accepted().body(Map.of("promotionId", promotionId));
  }

  /** Refuses the request unless change management accepts {@code changeRequestId}. */
  private void verify(String changeRequestId) {
    ChangeRequestCheck.require(changeRequests, changeRequestId);
  }

  private String manualSource(String target) {
    String previous = policy.previousStage(target).orElseThrow();
    if (PipelinePolicy.BUILD.equals(previous)) {
      throw ProblemException.badField(
          "targetStage", target + " is entered by every new build; request a later stage");
    }
    return previous;
  }

  private String hotfixSource(PromotionRequest body) {
    if (body.urgency() == null) {
      throw ProblemException.badField(
          "urgency", "required for a HOTFIX (LOW, MEDIUM, HIGH, CRITICAL)");
    }
    HotfixPolicy hotfix = policy.hotfix().get(Urgency.valueOf(body.urgency().name()));
    if (hotfix == null) {
      throw ProblemException.badField(
          "urgency", "the policy defines no hotfix path for " + body.urgency());
    }
    List<String> path = hotfix.path();
    int at = path.indexOf(body.targetStage());
    if (at <= 0) {
      throw ProblemException.badField(
          "targetStage",
          body.targetStage()
              + " is not a later step of the "
              + body.urgency()
              + " hotfix path "
              + path);
    }
    return path.get(at - 1);
  }
}
