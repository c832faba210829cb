package io.promoflow.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The contract test of a service (GitHub issue 17 point 2), added to its integration test with
 * {@code @ExtendWith(OpenApiContract.class)}: every exchange the test's methods make through {@link
 * Http} with the service is checked against the OpenAPI document the service publishes at {@code
 * /v3/api-docs} (route, status, content type, body schema, paging header; {@link
 * OpenApiDocument#check}), and every {@code @RequestMapping} of the service under {@code /api/} or
 * {@code /webhooks/} must be in that document. Checked after the class's tests, while the service
 * still runs; a departure fails the class with every violation listed.
 */
public final class OpenApiContract implements BeforeAllCallback, AfterAllCallback {

  private static final List<OpenApiDocument.Exchange> RECORDED = new ArrayList<>();
  private static volatile boolean recording;

  /** Keeps {@code response} to {@code request} while a contract test runs ({@link Http}). */
  static void record(HttpRequest request, HttpResponse<String> response) {
    if (!recording) {
      return;
    }
    synchronized (RECORDED) {
      RECORDED.add(
          new OpenApiDocument.Exchange(
              request.method(),
              request.uri(),
              response.statusCode(),
              response.headers().firstValue("Content-Type").orElse(""),
              response.body(),
              response.headers().firstValue("Link").orElse(null)));
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (RECORDED) {
      RECORDED.clear();
    }
    recording = true;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    recording = false;
    ApplicationContext spring = SpringExtension.getApplicationContext(context);
    String base = "http://localhost:" + spring.getEnvironment().getProperty("local.server.port");
    Http.Response published = Http.get(base + "/v3/api-docs", null);
    assertThat(published.status()).as("GET /v3/api-docs without a token").isEqualTo(200);
    OpenApiDocument document = new OpenApiDocument(published.json());
    // kept for reading (and for the console's merge): target/openapi/<service>.json
    try {
      java.nio.file.Path out =
          java.nio.file.Path.of(
              "target",
              "openapi",
              spring.getEnvironment().getProperty("spring.application.name", "service") + ".json");
      java.nio.file.Files.createDirectories(out.getParent());
      java.nio.file.Files.writeString(out, published.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(published.body())
        .as("internal routes are never published")
        .doesNotContain("/internal/");

    List<String> violations = new ArrayList<>();
    document.undocumented(routes(spring)).forEach(r -> violations.add(r + ": not in the document"));
    Set<String> exercised = new TreeSet<>();
    List<OpenApiDocument.Exchange> exchanges;
    synchronized (RECORDED) {
      exchanges = List.copyOf(RECORDED);
      RECORDED.clear();
    }
    for (OpenApiDocument.Exchange e : exchanges) {
      if (!(e.uri().getScheme() + "://" + e.uri().getRawAuthority()).equals(base)) {
        continue;
      }
      violations.addAll(document.check(e));
      var op = document.operation(e.method(), e.uri().getRawPath());
      if (op != null) {
        exercised.add(op.path("operationId").asString());
      }
    }
    // which documented operations this IT never called (reported, not failed: some are covered
    // by other tests)
    List<String> untested = new ArrayList<>();
    for (String operation : document.operations()) {
      String[] methodAndPath = operation.split(" ", 2);
      var op =
          document
              .json()
              .path("paths")
              .path(methodAndPath[1])
              .path(methodAndPath[0].toLowerCase(java.util.Locale.ROOT));
      if (!exercised.contains(op.path("operationId").asString())) {
        untested.add(operation);
      }
    }
    System.out.println(
        "OpenApiContract "
            + base
            + ": "
            + exchanges.size()
            + " exchanges, operations not exercised: "
            + untested);
    assertThat(exercised).as("exchanges checked against the document").isNotEmpty();
    assertThat(violations).as("departures from " + base + "/v3/api-docs").isEmpty();
  }

  /** Every route of the service, {@code "GET /api/v1/x/{id}"}. */
  static List<String> routes(ApplicationContext spring) {
    List<String> routes = new ArrayList<>();
    for (RequestMappingHandlerMapping mapping :
        spring.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
      for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
        Set<String> patterns = info.getPatternValues();
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (String pattern : patterns) {
          if (methods.isEmpty()) {
            routes.add("GET " + pattern);
          }
          methods.forEach(m -> routes.add(m.name() + " " + pattern));
        }
      }
    }
    return routes;
  }
}
