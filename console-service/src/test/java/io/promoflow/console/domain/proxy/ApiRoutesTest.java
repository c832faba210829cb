package io.promoflow.console.domain.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {

  /** {@code @GetMapping("/api/...")}, {@code @PostMapping(path = "/api/...")} and the like. */
  static final Pattern MAPPING =
      Pattern.compile(
          "@(?:[\\w.]+\\.)?(Get|Post|Put|Delete|Patch)Mapping\\(\\s*(?:(?:path|value)\\s*=\\s*)?\"(/api/[^\"]+)\"");

  record Mapped(String service, String method, String path) {}

  /** Every {@code /api} route the six services' controllers declare, read from their sources. */
  static List<Mapped> declared() throws IOException {
    List<Mapped> out = new ArrayList<>();
    for (String service :
        List.of("trigger", "gate", "promotion", "approval", "rollback", "notification")) {
      try (Stream<Path> files =
          Files.walk(Path.of("..", service + "-service", "src", "main", "java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = MAPPING.matcher(Files.readString(f));
          while (m.find()) {
            out.add(new Mapped(service, m.group(1).toUpperCase(), m.group(2)));
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyRouteOfEveryServiceGoesToThatService() throws IOException {
    List<Mapped> routes = declared();
    assertThat(routes).hasSizeGreaterThanOrEqualTo(17);
    for (Mapped r : routes) {
      String concrete = r.path().replaceAll("\\{[^}]+}", "x1");
      assertThat(ApiRoutes.service(r.method(), concrete))
          .as(r.method() + " " + r.path() + " of " + r.service() + "-service")
          .contains(r.service());
    }
  }

  @Test
  void aPromotionsPathGoesByMethodAndShape() {
    assertThat(ApiRoutes.service("POST", "/api/v1/promotions")).contains("trigger");
    assertThat(ApiRoutes.service("GET", "/api/v1/promotions/p-1")).contains("promotion");
    assertThat(ApiRoutes.service("HEAD", "/api/v1/promotions/p-1/gates")).contains("gate");
    assertThat(ApiRoutes.service("GET", "/api/v1/promotions/p-1/gates/extra"))
        .contains("promotion");
    assertThat(ApiRoutes.service("GET", "/api/v1/nothing")).isEmpty();
    assertThat(ApiRoutes.service("GET", "/api/v1/buildsX")).isEmpty();
  }

  /**
   * Platform releases (RELEASES.md point 8): trigger-service serves them, approval-service decides
   * a release's one approval. Checked here by path too, since the services' controllers for them
   * may land after this table.
   */
  @Test
  void releasesGoToTriggerServiceAndTheirDecisionsToApprovalService() {
    assertThat(ApiRoutes.service("POST", "/api/v1/releases")).contains("trigger");
    assertThat(ApiRoutes.service("GET", "/api/v1/releases")).contains("trigger");
    assertThat(ApiRoutes.service("GET", "/api/v1/releases/rel-1")).contains("trigger");
    assertThat(ApiRoutes.service("POST", "/api/v1/releases/rel-1/promotions")).contains("trigger");
    assertThat(ApiRoutes.service("POST", "/api/v1/releases/rel-1/decisions")).contains("approval");
    assertThat(ApiRoutes.service("GET", "/api/v1/releases/rel-1/decisions/x")).contains("trigger");
    assertThat(ApiRoutes.service("GET", "/api/v1/releasesX")).isEmpty();
  }

  @Test
  void hopByHopHeadersAndThoseConnectionNamesAreDropped() {
    Map<String, List<String>> out =
        HopByHop.endToEnd(
            Map.of(
                "Authorization", List.of("Bearer t"),
                "Connection", List.of("keep-alive, X-Hop"),
                "X-Hop", List.of("1"),
                "Keep-Alive", List.of("timeout=5"),
                "Transfer-Encoding", List.of("chunked"),
                "Content-Type", List.of("application/json"),
                "TE", List.of("trailers"),
                "Host", List.of("localhost:8080"),
                "X-Request-Id", List.of("r1")));
    assertThat(out.keySet())
        .containsExactlyInAnyOrder("Authorization", "Content-Type", "X-Request-Id");
  }
}
