package io.promoflow.console.domain.proxy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one routing table of the console's API proxy: which service answers each {@code /api/v1} path
 * (read from the services' controllers; docs/architecture.md "HTTP routes"). The first row whose
 * method and path match wins, so more specific rows come first. A path no row names is answered 404
 * by the console; the console's own routes ({@code /api/v1/metrics/**}) are served by the console
 * and never reach this table.
 */
public final class ApiRoutes {

  /**
   * One row: requests with {@code method} (null: any) whose path matches {@code path} go to {@code
   * service}.
   *
   * @param path a regular expression over the whole path (without the query)
   */
  public record Route(String method, Pattern path, String service) {

    boolean matches(String requestMethod, String requestPath) {
      return (method == null
              || method.equals(requestMethod)
              // a HEAD is answered by the GET route's service
              || ("HEAD".equals(requestMethod) && "GET".equals(method)))
          && path.matcher(requestPath).matches();
    }
  }

  private static final String SEGMENT = "[^/]+";

  /** The table, most specific rows first. */
  public static final List<Route> ROUTES =
      List.of(
          // approval-service: the one decision of a release's step (before the releases row)
          route(null, "/api/v1/releases/" + SEGMENT + "/decisions", "approval"),
          // trigger-service: builds, their evidence, promotion requests, platform releases
          route(null, "/api/v1/builds(/.*)?", "trigger"),
          route(null, "/api/v1/releases(/.*)?", "trigger"),
          route(null, "/api/v1/evidence(/.*)?", "trigger"),
          route("POST", "/api/v1/promotions", "trigger"),
          // gate-service: a promotion's gate report
          route(null, "/api/v1/promotions/" + SEGMENT + "/gates", "gate"),
          // promotion-service: promotions, their audit and overrides, applications
          route(null, "/api/v1/promotions(/.*)?", "promotion"),
          route(null, "/api/v1/applications(/.*)?", "promotion"),
          // approval-service
          route(null, "/api/v1/approvals(/.*)?", "approval"),
          // rollback-service: health reports, rollbacks, holds, verification reruns
          route(null, "/api/v1/health-reports(/.*)?", "rollback"),
          route(null, "/api/v1/rollbacks(/.*)?", "rollback"),
          route(null, "/api/v1/holds(/.*)?", "rollback"),
          route(null, "/api/v1/verifications(/.*)?", "rollback"),
          // notification-service
          route(null, "/api/v1/notifications(/.*)?", "notification"));

  private ApiRoutes() {}

  private static Route route(String method, String path, String service) {
    return new Route(method, Pattern.compile(path), service);
  }

  /** The service that answers {@code method} {@code path}, or empty when none does. */
  public static Optional<String> service(String method, String path) {
    return ROUTES.stream().filter(r -> r.matches(method, path)).map(Route::service).findFirst();
  }
}
