package io.promoflow.platform.security;

import io.promoflow.rules.policy.ApprovalPolicy;
import io.promoflow.rules.policy.HotfixPolicy;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.rules.policy.TransitionPolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Authorizes every request that is not explicitly open by the route it will reach: the caller must
 * be authenticated (else 401) and, when the controller method carries {@link RequiresRole}, hold
 * one of its roles (else 403 naming them). Runs in the security filter chain, so no body is read
 * and no upload parsed for a caller without the role.
 *
 * <p>The route table is read once from Spring MVC's request mappings when the context has started;
 * a request is matched against it as MVC would (method, then the most specific path pattern). At
 * start every mutating {@code /api/**} route must declare its roles (fail closed: a route someone
 * forgot to annotate would otherwise be open to every token), or be {@link
 * AuthenticatedBySignature} (its caller signs, it holds no token); the service refuses to start
 * otherwise.
 */
public final class RouteRoles
    implements AuthorizationManager<RequestAuthorizationContext>, SmartInitializingSingleton {

  private final ListableBeanFactory beans;
  private volatile List<Route> routes;

  /**
   * @param beans where the request mappings and the pipeline policy are found
   */
  public RouteRoles(ListableBeanFactory beans) {
    this.beans = beans;
  }

  /**
   * One route: its methods (empty: any), its path pattern and the roles it needs (null: any
   * authenticated caller).
   *
   * @param name controller method, for messages
   */
  record Route(Set<RequestMethod> methods, PathPattern pattern, Set<String> roles, String name) {

    boolean matches(String method, PathContainer path) {
      // MVC serves HEAD with the GET handler: it needs the GET route's roles
      String served = "HEAD".equals(method) && methods.contains(RequestMethod.GET) ? "GET" : method;
      return (methods.isEmpty() || methods.stream().anyMatch(m -> m.name().equals(served)))
          && pattern.matches(path);
    }
  }

  /** The decision on one request; a denial says what the route needs and what the caller holds. */
  public static final class RoleDecision extends AuthorizationDecision {

    private final String detail;

    RoleDecision(boolean granted, String detail) {
      super(granted);
      this.detail = detail;
    }

    /** Why access was denied (problem+json {@code detail}). */
    public String detail() {
      return detail;
    }
  }

  @Override
  public void afterSingletonsInstantiated() {
    routes = load();
  }

  @Override
  public AuthorizationResult authorize(
      Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
    Authentication auth = authentication.get();
    if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
      // denied while anonymous: Spring Security answers with the entry point (401), never 403
      return new RoleDecision(false, "a bearer token is required");
    }
    Route route = route(context.getRequest());
    if (route == null || route.roles() == null) {
      return new RoleDecision(true, null);
    }
    Set<String> held =
        auth.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .filter(a -> a.startsWith("ROLE_"))
            .map(a -> a.substring(5))
            .collect(Collectors.toCollection(TreeSet::new));
    if (route.roles().stream().anyMatch(held::contains)) {
      return new RoleDecision(true, null);
    }
    return new RoleDecision(
        false,
        auth.getName()
            + " needs one of the roles "
            + route.roles()
            + " for "
            + context.getRequest().getMethod()
            + " "
            + route.pattern()
            + " (has "
            + held
            + ")");
  }

  /**
   * The route {@code request} will reach, or null when none is known (MVC answers 404 or 405 then).
   */
  Route route(HttpServletRequest request) {
    List<Route> table = routes;
    if (table == null) {
      table = load();
      routes = table;
    }
    PathContainer path =
        (ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request)
                : RequestPath.parse(request.getRequestURI(), request.getContextPath()))
            .pathWithinApplication();
    for (Route r : table) {
      if (r.matches(request.getMethod(), path)) {
        return r;
      }
    }
    return null;
  }

  private List<Route> load() {
    Set<String> approvers = null;
    List<Route> table = new ArrayList<>();
    List<String> undeclared = new ArrayList<>();
    for (RequestMappingHandlerMapping mapping :
        beans.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
      for (var entry : mapping.getHandlerMethods().entrySet()) {
        RequestMappingInfo info = entry.getKey();
        HandlerMethod handler = entry.getValue();
        RequiresRole required =
            AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequiresRole.class);
        if (required == null) {
          required =
              AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequiresRole.class);
        }
        TreeSet<String> roles = null; // sorted: a denial lists them in a stable order
        if (required != null) {
          roles = new TreeSet<>(List.of(required.value()));
          if (required.approvers()) {
            approvers = approvers == null ? approverRoles() : approvers;
            roles.addAll(approvers);
          }
        }
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        boolean reads =
            !methods.isEmpty()
                && methods.stream()
                    .allMatch(
                        m ->
                            m == RequestMethod.GET
                                || m == RequestMethod.HEAD
                                || m == RequestMethod.OPTIONS);
        for (PathPattern pattern : patterns(info)) {
          if (roles == null
              && !reads
              && pattern.getPatternString().startsWith("/api/")
              && !handler.hasMethodAnnotation(AuthenticatedBySignature.class)) {
            undeclared.add(methods + " " + pattern + " (" + handler.getShortLogMessage() + ")");
          }
          table.add(
              new Route(
                  methods,
                  pattern,
                  roles == null ? null : java.util.Collections.unmodifiableSortedSet(roles),
                  handler.getShortLogMessage()));
        }
      }
    }
    if (!undeclared.isEmpty()) {
      throw new IllegalStateException(
          "mutating routes must declare their roles with @RequiresRole: " + undeclared);
    }
    // as MVC: the most specific pattern wins; routes naming their methods before those accepting
    // any method
    table.sort(
        Comparator.comparing(Route::pattern, PathPattern.SPECIFICITY_COMPARATOR)
            .thenComparing(r -> r.methods().isEmpty()));
    return List.copyOf(table);
  }

  private static Collection<PathPattern> patterns(RequestMappingInfo info) {
    if (info.getPathPatternsCondition() != null) {
      return info.getPathPatternsCondition().getPatterns();
    }
    return info.getPatternValues().stream().map(PathPatternParser.defaultInstance::parse).toList();
  }

  /**
   * Every role the pipeline policy lets decide an approval; empty without a policy (fail closed).
   */
  private Set<String> approverRoles() {
    PipelinePolicy policy = beans.getBeanProvider(PipelinePolicy.class).getIfAvailable();
    if (policy == null) {
      return Set.of();
    }
    Stream<ApprovalPolicy> approvals =
        Stream.of(
                policy.transitions().stream().map(TransitionPolicy::approval),
                policy.hotfix().values().stream().map(HotfixPolicy::approval),
                policy.stages().stream()
                    .map(StagePolicy::rollback)
                    .filter(r -> r != null)
                    .map(r -> r.approval()))
            .flatMap(s -> s);
    Set<String> roles = new TreeSet<>();
    approvals
        .filter(a -> a != null)
        .forEach(
            a -> {
              roles.addAll(a.eligibleRoles());
              if (a.escalationRole() != null) {
                roles.add(a.escalationRole());
              }
            });
    return roles;
  }
}
