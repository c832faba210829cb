package io.promoflow.console.domain.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.console.domain.openapi.ApiDocsMerger.ServiceDocument;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ApiDocsMergerTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final URI CONSOLE = URI.create("https://promoflow.example.com");

  /** A service document with one GET path and the shared Problem schema plus {@code schemas}. */
  static ObjectNode doc(String path, String operationId, String extraSchemas) {
    return (ObjectNode)
        JSON.readTree(
            """
            {"openapi":"3.1.0","info":{"title":"x","version":"v1"},
             "security":[{"bearer":[]}],
             "paths":{"%s":{"get":{"operationId":"%s","responses":{"200":{"description":"ok"}}}}},
             "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}},
               "schemas":{"Problem":{"type":"object","properties":{"title":{"type":"string"}}}%s}}}
            """
                .formatted(path, operationId, extraSchemas));
  }

  static ServiceDocument of(String service, JsonNode doc) {
    return ServiceDocument.of(service, URI.create("http://" + service + "/v3/api-docs"), doc);
  }

  @Test
  void disjointDocumentsMergeIntoOneWithTheConsoleAsServer() {
    JsonNode merged =
        ApiDocsMerger.merge(
            CONSOLE,
            List.of(
                of("approval", doc("/api/v1/approvals", "list", "")),
                of(
                    "gate",
                    doc(
                        "/api/v1/promotions/{promotionId}/gates",
                        "gates",
                        ",\"GateReportView\":{\"type\":\"object\"}"))));
    assertThat(merged.path("openapi").asString()).isEqualTo("3.1.0");
    assertThat(merged.path("servers").get(0).path("url").asString())
        .isEqualTo("https://promoflow.example.com");
    JsonNode list = merged.path("paths").path("/api/v1/approvals").path("get");
    assertThat(list.path("operationId").asString()).isEqualTo("approval_list");
    assertThat(list.path("tags").get(0).asString()).isEqualTo("approval");
    assertThat(list.path("security").toString()).contains("bearer");
    assertThat(merged.path("paths").has("/api/v1/promotions/{promotionId}/gates")).isTrue();
    assertThat(merged.path("components").path("schemas").has("GateReportView")).isTrue();
    assertThat(merged.path("components").path("schemas").has("Problem"))
        .as("the equal Problem schema of both services, kept once")
        .isTrue();
    assertThat(merged.has(ApiDocsMerger.UNAVAILABLE)).isFalse();
  }

  @Test
  void twoSchemasUnderOneNameFailLoudlyNamingBothServices() {
    assertThatThrownBy(
            () ->
                ApiDocsMerger.merge(
                    CONSOLE,
                    List.of(
                        of("approval", doc("/a", "a", ",\"Item\":{\"type\":\"object\"}")),
                        of("gate", doc("/b", "b", ",\"Item\":{\"type\":\"string\"}")))))
        .isInstanceOf(ApiDocsMerger.Conflict.class)
        .hasMessageContaining("components/schemas/Item")
        .hasMessageContaining("approval")
        .hasMessageContaining("gate");
  }

  @Test
  void onePathInTwoServicesFailsLoudly() {
    assertThatThrownBy(
            () ->
                ApiDocsMerger.merge(
                    CONSOLE,
                    List.of(of("approval", doc("/a", "a", "")), of("gate", doc("/a", "b", "")))))
        .isInstanceOf(ApiDocsMerger.Conflict.class)
        .hasMessageContaining("path /a")
        .hasMessageContaining("approval and gate");
  }

  @Test
  void aServiceWithoutADocumentIsListedAndItsPathsAreMissing() {
    ObjectNode old = doc("/c", "c", "");
    old.put("openapi", "3.0.1");
    JsonNode merged =
        ApiDocsMerger.merge(
            CONSOLE,
            List.of(
                of("approval", doc("/a", "a", "")),
                ServiceDocument.missing(
                    "gate", URI.create("http://gate/v3/api-docs"), "ConnectException"),
                of("rollback", old)));
    assertThat(ApiDocsMerger.unavailable(merged)).containsExactly("gate", "rollback");
    assertThat(merged.path(ApiDocsMerger.UNAVAILABLE).toString())
        .contains("ConnectException", "not an OpenAPI 3.1 document");
    assertThat(merged.path("paths").has("/a")).isTrue();
    assertThat(merged.path("paths").has("/c")).isFalse();
  }
}
