package io.promoflow.approval.api;

import io.promoflow.approval.DelegationProperties;
import io.promoflow.platform.security.Caller;
import io.promoflow.platform.security.RouteRoles;
import io.promoflow.platform.security.SecurityConfiguration;
import io.promoflow.platform.security.SecurityProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decisions recorded on behalf of a person by another Promoflow service (GitHub issue 17 point 3,
 * approve from Slack): a request carrying {@value #ON_BEHALF_OF} goes through this filter chain,
 * ahead of the public one. It must present {@code Authorization: Bearer
 * <promoflow.approvals.delegation.token>} (compared in constant time; unset, missing or wrong:
 * 401); the principal it names is resolved by {@link DelegatedIdentities} from this service's own
 * identity configuration (unknown: 403) and becomes the authenticated caller, with that principal's
 * roles and e-mail, never any the delegating service sends. The request then reaches one of the two
 * routes the credential opens, {@code POST /api/v1/approvals/{approvalId}/decisions} and, for a
 * platform release's one approval, {@code POST /api/v1/releases/{releaseId}/decisions}, with the
 * same role check ({@link RouteRoles}), controller and {@code ApprovalRules} as the person's own
 * token: same 403 reasons, same 409 for a second decision. Every other route answers 403.
 *
 * <p>Why a delegation credential and not the person's own token: a Slack click carries no Promoflow
 * credential; the delegating service proves Slack's signature and maps the Slack user, this service
 * decides who that principal is and whether they may decide. The credential is not a bearer token
 * of the public chain (an unknown token there: 401), so it cannot read or act anywhere else.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DelegationProperties.class)
public class DelegatedDecisionSecurity {

  /** The header naming the principal a delegated decision is recorded for. */
  public static final String ON_BEHALF_OF = "X-Promoflow-On-Behalf-Of";

  /** Optional header naming where the person decided (e.g. {@code slack}), for the log. */
  public static final String VIA = "X-Promoflow-Delegated-Via";

  static final String DECISIONS = "/api/v1/approvals/*/decisions";

  static final String RELEASE_DECISIONS = "/api/v1/releases/*/decisions";

  /**
   * Request attribute set on every call authenticated with the delegation credential: the channel
   * recorded as {@code ApprovalDecisionRecorded.via}. Always {@value #DELEGATED_CHANNEL}, whatever
   * {@value #VIA} says (that header is for the log only): a delegated call can never be recorded as
   * the person's own, so at most one of them counts toward an approval ({@code ApprovalRules}).
   */
  public static final String DELEGATED_VIA = DelegatedDecisionSecurity.class.getName() + ".via";

  /** The channel the delegation credential serves (notification-service's Slack path). */
  public static final String DELEGATED_CHANNEL = "slack";

  private static final Logger log = LoggerFactory.getLogger(DelegatedDecisionSecurity.class);

  @Bean
  DelegatedIdentities delegatedIdentities(
      SecurityProperties security, DelegationProperties delegation) {
    return new DelegatedIdentities(security, delegation);
  }

  /** Between the internal chain ({@code /internal/**}) and the public one. */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 20)
  SecurityFilterChain promoflowDelegatedDecisions(
      HttpSecurity http,
      DelegationProperties delegation,
      DelegatedIdentities identities,
      RouteRoles routeRoles)
      throws Exception {
    return http.securityMatcher(request -> request.getHeader(ON_BEHALF_OF) != null)
        .csrf(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(
            new DelegationFilter(delegation, identities),
            UsernamePasswordAuthenticationFilter.class)
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(HttpMethod.POST, DECISIONS, RELEASE_DECISIONS)
                    .access(routeRoles)
                    .anyRequest()
                    .denyAll())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (req, res, ex) ->
                            SecurityConfiguration.problem(
                                res,
                                401,
                                "Unauthorized",
                                "a delegated decision needs Authorization: Bearer <delegation credential>"))
                    .accessDeniedHandler(
                        (req, res, ex) ->
                            SecurityConfiguration.problem(
                                res,
                                403,
                                "Forbidden",
                                ex instanceof AuthorizationDeniedException denied
                                        && denied.getAuthorizationResult()
                                            instanceof RouteRoles.RoleDecision decision
                                        && decision.detail() != null
                                    ? decision.detail()
                                    : "the delegation credential is accepted only for POST "
                                        + "/api/v1/approvals/{approvalId}/decisions and POST "
                                        + "/api/v1/releases/{releaseId}/decisions")))
        .build();
  }

  /**
   * Authenticates the delegation credential and makes the named principal, as this service knows
   * it, the caller.
   */
  static final class DelegationFilter extends OncePerRequestFilter {

    private final byte[] token;
    private final String delegator;
    private final DelegatedIdentities identities;

    DelegationFilter(DelegationProperties delegation, DelegatedIdentities identities) {
      this.token =
          delegation.token() == null ? null : delegation.token().getBytes(StandardCharsets.UTF_8);
      this.delegator = delegation.delegator();
      this.identities = identities;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (token == null) {
        SecurityConfiguration.problem(
            response,
            401,
            "Unauthorized",
            "delegated decisions are refused: promoflow.approvals.delegation.token is not set");
        return;
      }
      String header = request.getHeader("Authorization");
      if (header == null
          || !header.regionMatches(true, 0, "Bearer ", 0, 7)
          || !MessageDigest.isEqual(
              token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
        SecurityConfiguration.problem(
            response, 401, "Unauthorized", "unknown delegation credential");
        return;
      }
      String principal = request.getHeader(ON_BEHALF_OF).strip();
      Caller caller = identities.resolve(principal).orElse(null);
      if (caller == null) {
        SecurityConfiguration.problem(
            response,
            403,
            "Forbidden",
            "approval-service cannot resolve the identity '"
                + principal
                + "' (no configured token in mode tokens, no promoflow.approvals.delegation.roles entry in "
                + "mode jwt, or conflicting entries): a delegated decision is refused");
        return;
      }
      UsernamePasswordAuthenticationToken authentication =
          UsernamePasswordAuthenticationToken.authenticated(
              caller.user(),
              null,
              caller.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
      authentication.setDetails(new Caller.Identity(caller.email()));
      SecurityContextHolder.getContext().setAuthentication(authentication);
      request.setAttribute(DELEGATED_VIA, DELEGATED_CHANNEL);
      String via = request.getHeader(VIA);
      log.info(
          "{} {} by {} delegated by {} via {}",
          request.getMethod(),
          request.getRequestURI(),
          caller.user(),
          delegator,
          via == null ? "unknown" : via.replaceAll("[^A-Za-z0-9_.-]", "?"));
      chain.doFilter(request, response);
    }
  }
}
