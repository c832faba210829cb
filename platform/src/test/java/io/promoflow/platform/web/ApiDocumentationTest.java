package io.promoflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.OpenApiContract;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * The platform's OpenAPI additions and paging rule on a Kafka-free service; the exchanges are then
 * checked against its own document ({@link OpenApiContract}).
 */
@SpringBootTest(
    classes = DocumentedApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=documented",
      "spring.config.import=classpath:promoflow-platform.yml",
      "promoflow.policy.location=file:../config/pipeline-local.yaml",
      "spring.kafka.admin.auto-create=false"
    })
@ActiveProfiles("local")
@ExtendWith(OpenApiContract.class)
class ApiDocumentationTest {

  @LocalServerPort int port;

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  @Test
  void theDocumentIsOpenAndDescribesSecurityErrorsAndPaging() {
    Http.Response docs = Http.get(url("/v3/api-docs"), null);
    assertThat(docs.status()).isEqualTo(200);
    JsonNode doc = docs.json();
    assertThat(doc.path("openapi").asString()).startsWith("3.1");
    assertThat(
            doc.path("components").path("securitySchemes").path("bearer").path("scheme").asString())
        .isEqualTo("bearer");
    assertThat(doc.path("security").toString()).contains("bearer");
    JsonNode list = doc.path("paths").path("/api/v1/items").path("get");
    assertThat(list.path("responses").path("200").path("headers").has("Link")).isTrue();
    assertThat(list.path("responses").path("400").path("content").has("application/problem+json"))
        .isTrue();
    assertThat(list.toString()).contains("\"limit\"", "\"cursor\"");
    JsonNode post = doc.path("paths").path("/api/v1/items").path("post");
    assertThat(post.path("responses").has("202")).as("a POST records: 202").isTrue();
    assertThat(post.path("responses").has("200")).isFalse();
    assertThat(post.path("responses").has("403")).isTrue();
    assertThat(docs.body()).doesNotContain("/internal/", "/actuator");
    assertThat(
            doc.path("components")
                .path("schemas")
                .path("Item")
                .path("properties")
                .path("at")
                .path("format")
                .asString())
        .isEqualTo("date-time");

    assertThat(Http.get(url("/swagger-ui.html"), null).status()).isIn(200, 302);
    assertThat(Http.get(url("/swagger-ui/index.html"), null).status()).isEqualTo(200);
    assertThat(Http.get(url("/api/v1/items"), null).status())
        .as("the routes themselves stay closed")
        .isEqualTo(401);
  }

  @Test
  void listsArePagedWithALinkToTheNextPage() {
    Http.Response first = Http.get(url("/api/v1/items?limit=2"));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().toString()).contains("item-0", "item-1").doesNotContain("item-2");
    assertThat(first.json().get(0).path("at").asString()).isEqualTo("2026-01-01T10:00:00Z");
    Http.Response again = Http.get(url("/api/v1/items?limit=2&cursor=" + next(first)));
    assertThat(again.json().toString()).contains("item-2", "item-3");
    Http.Response last = Http.get(url("/api/v1/items?limit=2&cursor=" + next(again)));
    assertThat(last.json().size()).isEqualTo(1);
    assertThat(next(last)).isNull();

    for (String bad : new String[] {"limit=0", "limit=1001", "limit=abc", "cursor=%21%21"}) {
      Http.Response r = Http.get(url("/api/v1/items?" + bad));
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().path("field").asString()).isEqualTo(bad.substring(0, bad.indexOf('=')));
    }
  }

  @Test
  void otherRoutesAnswerWhatTheDocumentSays() {
    assertThat(Http.get(url("/api/v1/items/item-1")).json().path("name").asString())
        .isEqualTo("item-1");
    assertThat(Http.get(url("/api/v1/items/nope")).status()).isEqualTo(404);
    assertThat(Http.post(url("/api/v1/items"), "local-ci", Map.of("name", "x")).status())
        .isEqualTo(202);
    assertThat(Http.post(url("/api/v1/items"), "local-ci", Map.of("name", "")).status())
        .isEqualTo(400);
    assertThat(Http.post(url("/api/v1/items"), Http.VIEWER, Map.of("name", "x")).status())
        .isEqualTo(403);
  }

  /** The cursor in the {@code Link} header (checked equal to {@code X-Next-Cursor}), or null. */
  private static String next(Http.Response r) {
    return r.link() == null ? null : r.link().replaceAll(".*[?&]cursor=([^&>]*).*", "$1");
  }
}
