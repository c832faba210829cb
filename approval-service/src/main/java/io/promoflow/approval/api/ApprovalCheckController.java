package io.promoflow.approval.api;

import io.promoflow.approval.domain.Approval;
import io.promoflow.approval.domain.ApprovalRules;
import io.promoflow.approval.domain.DecisionRefused;
import io.promoflow.approval.flow.ApprovalTopology;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.security.Caller;
import io.promoflow.platform.security.RouteRoles;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UriUtils;

/**
 * {@code GET /api/v1/approvals/{approvalId}/check}: whether the caller may approve and reject the
 * approval now, and if not, the status and reason {@code POST .../decisions} would answer with (the
 * same {@link ApprovalRules}, checked at the current time). The console shows the buttons or the
 * reason from it, so a page never offers what the API refuses.
 */
@RestController
public class ApprovalCheckController {

  /** A comment that satisfies the "a rejection needs a comment" rule while checking the rest. */
  private static final String ANY_COMMENT = "(checking)";

  private final StoreQueries stores;
  private final Events events;
  private final RouteRoles routeRoles;

  public ApprovalCheckController(StoreQueries stores, Events events, RouteRoles routeRoles) {
    this.stores = stores;
    this.events = events;
    this.routeRoles = routeRoles;
  }

  /**
   * {@code {"approvalId", "approve": {"allowed": true} | {"allowed": false, "status": 403|409,
   * "reason"}, "reject": {...}}}; 404 for an unknown approval. A rejection is checked as if it had
   * a comment (the page asks for one).
   */
  @GetMapping("/api/v1/approvals/{approvalId}/check")
  public Map<String, Object> check(@PathVariable String approvalId, HttpServletRequest request) {
    Caller caller = Caller.current();
    // first what the decision route's role check (RouteRoles, in the security chain) answers
    String refusedByRoute = routeRefusal(request, approvalId);
    Approval approval =
        stores
            .<Approval>get(ApprovalTopology.APPROVALS, approvalId)
            .orElseThrow(() -> ProblemException.notFound("approval " + approvalId));
    long now = events.clock().millis();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("approvalId", approvalId);
    if (refusedByRoute != null) {
      Map<String, Object> refused =
          Map.of("allowed", false, "status", 403, "reason", refusedByRoute);
      body.put("approve", refused);
      body.put("reject", refused);
    } else {
      body.put("approve", verdict(approval, caller, true, now));
      body.put("reject", verdict(approval, caller, false, now));
    }
    return body;
  }

  /** The 403 detail RouteRoles gives the caller for {@code POST .../decisions}, or null. */
  private String routeRefusal(HttpServletRequest request, String approvalId) {
    String path =
        request.getContextPath()
            + "/api/v1/approvals/"
            + UriUtils.encodePathSegment(approvalId, StandardCharsets.UTF_8)
            + "/decisions";
    HttpServletRequest decision =
        new HttpServletRequestWrapper(request) {
          @Override
          public String getMethod() {
            return "POST";
          }

          @Override
          public String getRequestURI() {
            return path;
          }

          @Override
          public Object getAttribute(String name) {
            // the path parsed for this GET must not stand for the decision route's
            return ServletRequestPathUtils.PATH_ATTRIBUTE.equals(name)
                ? null
                : super.getAttribute(name);
          }
        };
    AuthorizationResult result =
        routeRoles.authorize(
            () -> SecurityContextHolder.getContext().getAuthentication(),
            new RequestAuthorizationContext(decision));
    if (result == null || result.isGranted()) {
      return null;
    }
    return result instanceof RouteRoles.RoleDecision d && d.detail() != null
        ? d.detail()
        : "refused by the decision route";
  }

  private static Map<String, Object> verdict(
      Approval approval, Caller caller, boolean approve, long now) {
    Map<String, Object> v = new LinkedHashMap<>();
    try {
      ApprovalRules.check(
          approval,
          caller.user(),
          caller.email(),
          caller.roles(),
          approve,
          approve ? null : ANY_COMMENT,
          now);
      v.put("allowed", true);
    } catch (DecisionRefused refused) {
      v.put("allowed", false);
      v.put(
          "status",
          switch (refused.kind()) {
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case INVALID -> 400;
          });
      v.put("reason", refused.getMessage());
    }
    return v;
  }
}
