package io.promoflow.trigger.api;

import io.promoflow.platform.web.ProblemException;
import io.promoflow.trigger.domain.ChangeRequests;
import org.springframework.http.HttpStatus;

/**
 * The one answer of the trigger's routes to a change request id (GitHub issue 18 point 4):
 * accepted, or 400 unknown, 409 not approved, 503 change management unavailable, each naming {@code
 * changeRequestId}.
 */
final class ChangeRequestCheck {

  private ChangeRequestCheck() {}

  /** Refuses the request unless change management accepts {@code changeRequestId}. */
  static void require(ChangeRequests changeRequests, String changeRequestId) {
    ChangeRequests.Verdict verdict = changeRequests.verify(changeRequestId);
    switch (verdict.outcome()) {
      case ACCEPTED -> {
        // nothing to refuse
      }
      case UNKNOWN -> throw ProblemException.badField("changeRequestId", verdict.reason());
      case REFUSED -> throw ProblemException.conflict(verdict.reason(), "changeRequestId");
      case UNAVAILABLE ->
          throw new ProblemException(
              HttpStatus.SERVICE_UNAVAILABLE,
              "Change management unavailable",
              verdict.reason(),
              "changeRequestId",
              null);
      default -> throw new IllegalStateException("unknown outcome " + verdict.outcome());
    }
  }
}
