package io.promoflow.console.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.promoflow.console.ConsoleProperties;
import io.promoflow.console.adapters.openapi.ServiceApiDocs;
import io.promoflow.platform.testing.Http;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The console's merged description against stub services (no broker): five answer with their
 * document, one does not answer at all.
 */
@SpringBootTest(
    classes = ApiDocsControllerTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=console-service",
      "promoflow.policy.location=file:../config/pipeline-local.yaml",
      "spring.kafka.admin.auto-create=false",
      "promoflow.console.url=https://console.example.com"
    })
@ActiveProfiles("local")
class ApiDocsControllerTest {

  /** The merged description's routes and what they read with; nothing else of the console. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableConfigurationProperties(ConsoleProperties.class)
  @Import({ApiDocsController.class, ServiceApiDocs.class})
  static class App {}

  static final String[] SERVING = {"trigger", "gate", "promotion", "approval", "rollback"};
  static final Map<String, String> DOCUMENTS = new LinkedHashMap<>();
  static final HttpServer STUBS;
  static final int CLOSED_PORT;

  static {
    try {
      STUBS = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      for (String service : SERVING) {
        STUBS.createContext(
            "/" + service + "/v3/api-docs",
            exchange -> {
              byte[] body = DOCUMENTS.get(service).getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
              exchange.close();
            });
      }
      STUBS.start();
      try (ServerSocket free = new ServerSocket(0)) {
        CLOSED_PORT = free.getLocalPort(); // closed again: nothing answers there
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    reset();
  }

  static void reset() {
    for (String service : SERVING) {
      DOCUMENTS.put(service, document(service, "{\"type\":\"object\"}"));
    }
  }

  /** A service document with one path of its own and a schema {@code Shared}. */
  static String document(String service, String shared) {
    return """
        {"openapi":"3.1.0","info":{"title":"%1$s","version":"v1"},"security":[{"bearer":[]}],
         "paths":{"/api/v1/%1$s":{"get":{"operationId":"list","responses":{"200":{"description":"ok"}}}}},
         "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}},
           "schemas":{"Shared":%2$s}}}
        """
        .formatted(service, shared);
  }

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    String base = "http://localhost:" + STUBS.getAddress().getPort() + "/";
    for (String service : SERVING) {
      registry.add("promoflow.console.services." + service, () -> base + service);
    }
    registry.add(
        "promoflow.console.services.notification", () -> "http://localhost:" + CLOSED_PORT);
  }

  @AfterEach
  void restore() {
    reset();
  }

  @AfterAll
  static void stop() {
    STUBS.stop(0);
  }

  @LocalServerPort int port;

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  @Test
  void theMergedDocumentHasEveryAnsweringServiceAndNamesTheOneThatDidNot() {
    Http.Response r = Http.get(url("/v3/api-docs"), null);
    assertThat(r.status()).as("open without a token").isEqualTo(200);
    JsonNode doc = r.json();
    assertThat(doc.path("openapi").asString()).isEqualTo("3.1.0");
    assertThat(doc.path("servers").get(0).path("url").asString())
        .isEqualTo("https://console.example.com");
    for (String service : SERVING) {
      assertThat(doc.path("paths").has("/api/v1/" + service)).as(service).isTrue();
    }
    assertThat(doc.path("paths").has("/api/v1/notification")).isFalse();
    JsonNode missing = doc.path("x-promoflow-unavailable");
    assertThat(missing.size()).isEqualTo(1);
    assertThat(missing.get(0).path("service").asString()).isEqualTo("notification");
    assertThat(missing.get(0).path("reason").asString()).isNotBlank();
  }

  @Test
  void twoServicesDescribingOneSchemaDifferentlyAreA500NamingBoth() {
    DOCUMENTS.put("rollback", document("rollback", "{\"type\":\"string\"}"));
    Http.Response r = Http.get(url("/v3/api-docs"), null);
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("detail").asString())
        .contains("components/schemas/Shared", "rollback");
  }

  @Test
  void swaggerUiShowsTheMergedDocument() {
    assertThat(Http.get(url("/swagger-ui.html"), null).status()).isIn(200, 302);
    assertThat(Http.get(url("/swagger-ui/index.html"), null).status()).isEqualTo(200);
    Http.Response config = Http.get(url("/v3/api-docs/console/swagger-config"), null);
    assertThat(config.status()).isEqualTo(200);
    assertThat(config.json().path("url").asString()).isEqualTo("/v3/api-docs");
  }
}
