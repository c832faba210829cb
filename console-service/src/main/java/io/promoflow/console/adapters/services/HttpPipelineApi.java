package io.promoflow.console.adapters.services;

import io.promoflow.console.ConsoleProperties;
import io.promoflow.console.domain.board.Answer;
import io.promoflow.console.domain.board.PipelineApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PipelineApi} over HTTP to the base URLs of {@code promoflow.console.services.*}, each call
 * with the person's bearer token. An unreachable service answers 503 with the reason, never an
 * empty success; a 4xx/5xx keeps the service's problem {@code detail}.
 */
@Component
public class HttpPipelineApi implements PipelineApi {

  private static final Logger log = LoggerFactory.getLogger(HttpPipelineApi.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ConsoleProperties properties;
  private final Environment environment;
  private final RestClient http;

  public HttpPipelineApi(ConsoleProperties properties, Environment environment) {
    this.properties = properties;
    this.environment = environment;
    JdkClientHttpRequestFactory factory =
        new JdkClientHttpRequestFactory(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
    // a page waits at most this long for one service (s): a slow service shows its row's reason
    factory.setReadTimeout(Duration.ofSeconds(5));
    this.http = RestClient.builder().requestFactory(factory).build();
  }

  @Override
  public Answer applications(String token) {
    return get(token, uri("promotion", "/api/v1/applications").build().toUri());
  }

  @Override
  public Answer application(String token, String application) {
    return get(
        token,
        uri("promotion", "/api/v1/applications/{a}").buildAndExpand(application).encode().toUri());
  }

  @Override
  public Answer promotion(String token, String promotionId) {
    return get(
        token,
        uri("promotion", "/api/v1/promotions/{p}").buildAndExpand(promotionId).encode().toUri());
  }

  @Override
  public Answer audit(String token, String promotionId) {
    return get(
        token,
        uri("promotion", "/api/v1/promotions/{p}/audit")
            .buildAndExpand(promotionId)
            .encode()
            .toUri());
  }

  @Override
  public Answer releases(String token, int limit) {
    return get(
        token, uri("trigger", "/api/v1/releases").queryParam("limit", limit).build().toUri());
  }

  @Override
  public Answer release(String token, String releaseId) {
    return get(
        token, uri("trigger", "/api/v1/releases/{r}").buildAndExpand(releaseId).encode().toUri());
  }

  @Override
  public Answer gates(String token, String promotionId) {
    return get(
        token,
        uri("gate", "/api/v1/promotions/{p}/gates").buildAndExpand(promotionId).encode().toUri());
  }

  @Override
  public Answer approvals(String token, String status) {
    UriComponentsBuilder b = uri("approval", "/api/v1/approvals");
    if (status != null) {
      b.queryParam("status", status);
    }
    return get(token, b.encode().build().toUri());
  }

  @Override
  public Answer approvalCheck(String token, String approvalId) {
    return get(
        token,
        uri("approval", "/api/v1/approvals/{a}/check").buildAndExpand(approvalId).encode().toUri());
  }

  @Override
  public Answer decide(String token, String approvalId, String decision, String comment) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("decision", decision);
    if (comment != null && !comment.isBlank()) {
      body.put("comment", comment);
    }
    URI target =
        uri("approval", "/api/v1/approvals/{a}/decisions")
            .buildAndExpand(approvalId)
            .encode()
            .toUri();
    try {
      return http.post()
          .uri(target)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
          .contentType(MediaType.APPLICATION_JSON)
          .body(JSON.writeValueAsString(body))
          .exchange((req, res) -> answer(res.getStatusCode(), res.getBody().readAllBytes()));
    } catch (ResourceAccessException e) {
      return unreachable("approval", e);
    }
  }

  @Override
  public Answer dora(String token, String application, String stage, String window) {
    // the console's own route (h16a's DORA endpoint), called like any client would: through its
    // /api/v1 security with the person's token
    String port =
        environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
    UriComponentsBuilder b =
        UriComponentsBuilder.fromUriString("http://localhost:" + port + "/api/v1/metrics/dora");
    if (application != null && !application.isBlank()) {
      b.queryParam("application", application);
    }
    if (stage != null && !stage.isBlank()) {
      b.queryParam("stage", stage);
    }
    b.queryParam("window", window);
    return get(token, b.encode().build().toUri());
  }

  private UriComponentsBuilder uri(String service, String path) {
    return UriComponentsBuilder.fromUri(properties.service(service)).path(path);
  }

  private Answer get(String token, URI target) {
    try {
      return http.get()
          .uri(target)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
          .accept(MediaType.APPLICATION_JSON)
          .exchange((req, res) -> answer(res.getStatusCode(), res.getBody().readAllBytes()));
    } catch (ResourceAccessException e) {
      return unreachable(target.getHost() + ":" + target.getPort(), e);
    }
  }

  static Answer answer(HttpStatusCode status, byte[] bytes) {
    Object body = null;
    if (bytes.length > 0) {
      try {
        body = JSON.readValue(bytes, Object.class);
      } catch (JacksonException e) {
        // not JSON (an HTML error page of a proxy): the status alone says what happened
        body = null;
      }
    }
    if (status.is2xxSuccessful()) {
      return Answer.ok(status.value(), body);
    }
    String detail =
        body instanceof Map<?, ?> m && m.get("detail") != null ? m.get("detail").toString() : null;
    return new Answer(status.value(), null, detail);
  }

  private static Answer unreachable(String what, ResourceAccessException e) {
    log.warn("{} unreachable: {}", what, e.getMessage());
    return Answer.refused(503, what + " unreachable: " + e.getMostSpecificCause().getMessage());
  }
}
