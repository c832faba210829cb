package io.promoflow.platform.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * How large a request body may be ({@code promoflow.web.*}); a larger one is answered 413 before it
 * is read ({@link RequestSizeLimitFilter}).
 *
 * @param maxRequestBytes limit of every route without its own (plain numbers are bytes; {@code 1MB}
 *     = 1,048,576)
 * @param routes routes with their own limit, first match wins, e.g. evidence uploads
 */
@ConfigurationProperties("promoflow.web")
public record WebLimitsProperties(
    @DefaultValue("1MB") DataSize maxRequestBytes, List<Route> routes) {

  /**
   * One route's limit.
   *
   * @param path a Spring path pattern ({@code /api/v1/builds/{application}/{version}/evidence},
   *     {@code /api/**})
   * @param maxRequestBytes its limit
   */
  public record Route(String path, DataSize maxRequestBytes) {

    public Route {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("promoflow.web.routes[].path: required");
      }
      positive("promoflow.web.routes[" + path + "].max-request-bytes", maxRequestBytes);
    }
  }

  public WebLimitsProperties {
    positive("promoflow.web.max-request-bytes", maxRequestBytes);
    routes = routes == null ? List.of() : List.copyOf(routes);
    routes.forEach(r -> PathPatternParser.defaultInstance.parse(r.path()));
  }

  /** The limit of {@code path} (within the application), in bytes. */
  public long limitFor(String path) {
    PathContainer container = PathContainer.parsePath(path);
    for (Route r : routes) {
      PathPattern pattern = PathPatternParser.defaultInstance.parse(r.path());
      if (pattern.matches(container)) {
        return r.maxRequestBytes().toBytes();
      }
    }
    return maxRequestBytes.toBytes();
  }

  private static void positive(String name, DataSize size) {
    if (size == null || size.toBytes() < 1) {
      throw new IllegalArgumentException(name + ": must be at least 1 byte");
    }
  }
}
