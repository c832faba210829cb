package io.promoflow.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The oracle itself: a departure from the document is found, a conforming exchange passes. */
class OpenApiDocumentTest {

  static final OpenApiDocument DOC =
      new OpenApiDocument(
          JsonMapper.builder()
              .build()
              .readTree(
                  """
                  {"openapi":"3.1.0","paths":{
                    "/api/v1/things/{id}":{"get":{"operationId":"thing","responses":{
                      "200":{"description":"ok","content":{"application/json":{
                        "schema":{"$ref":"#/components/schemas/Thing"}}}}}}},
                    "/api/v1/things/special":{"get":{"operationId":"special","responses":{
                      "204":{"description":"none"}}}}},
                   "components":{"schemas":{"Thing":{"type":"object","required":["name"],
                     "properties":{"name":{"type":"string"},
                                   "at":{"type":"string","format":"date-time"}}}}}}
                  """));

  static OpenApiDocument.Exchange get(String path, int status, String body) {
    return new OpenApiDocument.Exchange(
        "GET", URI.create("http://x" + path), status, "application/json", body, null);
  }

  @Test
  void aConformingAnswerPasses() {
    assertThat(
            DOC.check(
                get("/api/v1/things/a", 200, "{\"name\":\"a\",\"at\":\"2026-01-01T10:00:00Z\"}")))
        .isEmpty();
    assertThat(DOC.check(get("/api/v1/things/special", 204, ""))).isEmpty();
    assertThat(DOC.check(get("/api/v1/nothing", 404, "{}")))
        .as("no such route: 404 is right")
        .isEmpty();
    assertThat(DOC.check(get("/actuator/health", 200, "{}"))).as("not described").isEmpty();
  }

  @Test
  void departuresAreNamed() {
    assertThat(DOC.check(get("/api/v1/things/a", 200, "{\"name\":\"a\",\"extra\":1}")))
        .singleElement()
        .asString()
        .contains("extra");
    assertThat(DOC.check(get("/api/v1/things/a", 200, "{\"name\":\"a\",\"at\":1767261600000}")))
        .as("epoch ms where the document says date-time")
        .singleElement()
        .asString()
        .contains("at");
    assertThat(DOC.check(get("/api/v1/things/a", 200, "{}")))
        .singleElement()
        .asString()
        .contains("name");
    assertThat(DOC.check(get("/api/v1/things/a", 409, "{}")))
        .singleElement()
        .asString()
        .contains("status not documented");
    assertThat(DOC.check(get("/api/v1/other", 200, "{}")))
        .singleElement()
        .asString()
        .contains("no such operation");
    assertThat(
            DOC.check(
                new OpenApiDocument.Exchange(
                    "GET",
                    URI.create("http://x/api/v1/things/a"),
                    200,
                    "application/json",
                    "{\"name\":\"a\"}",
                    "</api/v1/things/a?cursor=x>; rel=\"next\"")))
        .singleElement()
        .asString()
        .contains("Link");
  }

  @Test
  void routesMissingFromTheDocumentAreListed() {
    assertThat(
            DOC.undocumented(
                List.of(
                    "GET /api/v1/things/{id}",
                    "POST /api/v1/things/{id}",
                    "GET /internal/stores/{store}")))
        .containsExactly("POST /api/v1/things/{id}");
  }
}
