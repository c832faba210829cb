package io.promoflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.promoflow.notification.domain.SlackSignature;
import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.EventMetadata;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approve from Slack (GitHub issue 17 point 3) on a real broker: the approval request is posted
 * through the Slack SDK to a local stand-in of the Web API (recording {@code chat.postMessage},
 * {@code chat.update}, {@code chat.postEphemeral}, {@code views.open}); interactions are Slack's
 * documented {@code block_actions} and {@code view_submission} payloads, signed with the signing
 * secret; the decision goes to a stand-in of approval-service's decision endpoint, which answers as
 * approval-service does (its real rules on delegated decisions: ApprovalDelegationIT).
 */
@ServiceIntegrationTest(
    application = NotificationApplication.class,
    properties = {
      "spring.config.name=notification-service",
      "promoflow.notifications.slack.bot-token=xoxb-test-bot-token",
      "promoflow.notifications.slack.signing-secret=" + SlackApprovalsIT.SECRET,
      "promoflow.notifications.slack.channel=C0APPROVALS",
      "promoflow.notifications.approvals.delegation-token=" + SlackApprovalsIT.DELEGATION,
      "promoflow.security.slack-users.U0APPROVER=platform-lead",
      "promoflow.security.slack-users.U0REQUESTER=release-manager",
      "promoflow.security.slack-users.U0REJECTER=oncall",
      "resilience4j.retry.configs.default.wait-duration=50ms"
    })
class SlackApprovalsIT {

  static final String SECRET = "test-signing-secret";
  static final String DELEGATION = "test-delegation-credential";
  static final Duration WAIT = Duration.ofSeconds(30);
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** One call to the stand-ins: Slack method (or "decide"), its parameters and headers. */
  record Call(String method, Map<String, String> params, Map<String, String> headers) {}

  static final List<Call> calls = new CopyOnWriteArrayList<>();
  static final HttpServer stubs = startStubs();

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  static HttpServer startStubs() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext(
          "/api/",
          exchange -> {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            Map<String, String> params =
                form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            calls.add(
                new Call(
                    method,
                    params,
                    Map.of(
                        "Authorization",
                        String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")))));
            answer(
                exchange,
                200,
                "{\"ok\":true,\"channel\":\"C0APPROVALS\",\"ts\":\"1700000000.000100\"}");
          });
      server.createContext(
          "/approval/api/v1/approvals/",
          exchange -> {
            String path = exchange.getRequestURI().getPath();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String principal = exchange.getRequestHeaders().getFirst("X-Promoflow-On-Behalf-Of");
            Map<String, String> params = new HashMap<>();
            params.put("path", path);
            params.put("decision", body.path("decision").asString());
            params.put(
                "comment", body.path("comment").isString() ? body.path("comment").asString() : "");
            Map<String, String> headers = new HashMap<>();
            headers.put("Authorization", exchange.getRequestHeaders().getFirst("Authorization"));
            headers.put("X-Promoflow-On-Behalf-Of", principal);
            headers.put(
                "X-Promoflow-Delegated-Via",
                exchange.getRequestHeaders().getFirst("X-Promoflow-Delegated-Via"));
            long earlier =
                calls.stream()
                    .filter(c -> c.method().equals("decide"))
                    .filter(c -> principal.equals(c.headers().get("X-Promoflow-On-Behalf-Of")))
                    .count();
            calls.add(new Call("decide", params, headers));
            if ("release-manager".equals(principal)) {
              answer(
                  exchange,
                  403,
                  problem("release-manager requested this promotion: someone else must decide"));
            } else if (earlier > 0) {
              answer(exchange, 409, problem("platform-lead has already decided apr-slack"));
            } else {
              answer(exchange, 202, "{\"approver\":\"" + principal + "\"}");
            }
          });
      server.createContext(
          "/approval/api/v1/releases/",
          exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            Map<String, String> params = new HashMap<>();
            params.put("path", exchange.getRequestURI().getPath());
            params.put("decision", body.path("decision").asString());
            Map<String, String> headers = new HashMap<>();
            headers.put(
                "X-Promoflow-On-Behalf-Of",
                exchange.getRequestHeaders().getFirst("X-Promoflow-On-Behalf-Of"));
            calls.add(new Call("decide", params, headers));
            answer(
                exchange,
                202,
                "{\"releaseId\":\"rel-slack-1\",\"approvalIds\":[\"apr-cart\",\"apr-payments\"]}");
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String problem(String detail) {
    return "{\"type\":\"about:blank\",\"status\":403,\"detail\":\"" + detail + "\"}";
  }

  static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  static Map<String, String> form(String body) {
    Map<String, String> params = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    String base = "http://127.0.0.1:" + stubs.getAddress().getPort();
    registry.add("promoflow.notifications.slack.api-url", () -> base + "/api/");
    registry.add("promoflow.notifications.approvals.url", () -> base + "/approval");
  }

  @AfterAll
  static void stopStubs() {
    stubs.stop(0);
  }

  @org.junit.jupiter.api.BeforeEach
  void forgetCalls() {
    // each test awaits the effects it asserts; what one leaves must not be read by the next
    calls.clear();
  }

  List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Slack's block_actions payload of a click on one of our buttons (docs.slack.dev). */
  static String click(String user, String actionId, String blocks, String actionTs) {
    return click(user, actionId, blocks, actionTs, "apr-slack");
  }

  static String click(String user, String actionId, String blocks, String actionTs, String value) {
    return """
        {"type":"block_actions","user":{"id":"%s","username":"someone","team_id":"T0TEAM"},
         "api_app_id":"A0APP","token":"legacy-verification-token","trigger_id":"13345224609.738474920.8088930838d88f008e0",
         "team":{"id":"T0TEAM","domain":"example"},
         "container":{"type":"message","message_ts":"1700000000.000100","channel_id":"C0APPROVALS","is_ephemeral":false},
         "channel":{"id":"C0APPROVALS","name":"approvals"},
         "message":{"type":"message","ts":"1700000000.000100","text":"approval","blocks":%s},
         "response_url":"https://hooks.slack.com/actions/T0TEAM/1/abc",
         "actions":[{"action_id":"%s","block_id":"promoflow-approval","value":"%s","type":"button","action_ts":"%s"}]}
        """
        .formatted(user, blocks, actionId, value, actionTs);
  }

  /** Slack's view_submission payload of our reject modal. */
  static String submission(String user, String privateMetadata, String comment) {
    return """
        {"type":"view_submission","team":{"id":"T0TEAM","domain":"example"},
         "user":{"id":"%s","username":"someone","team_id":"T0TEAM"},"api_app_id":"A0APP","trigger_id":"1.2.3",
         "view":{"id":"V0VIEW","type":"modal","callback_id":"promoflow-reject-modal","private_metadata":%s,
          "state":{"values":{"comment":{"comment":{"type":"plain_text_input","value":%s}}}},
          "hash":"1.abc"}}
        """
        .formatted(
            user, JSON.writeValueAsString(privateMetadata), JSON.writeValueAsString(comment));
  }

  Http.Response post(String payload, String timestamp, String signature) {
    String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    if (timestamp != null) {
      headers.put("X-Slack-Request-Timestamp", timestamp);
    }
    if (signature != null) {
      headers.put(
          "X-Slack-Signature",
          signature.equals("sign")
              ? SlackSignature.sign(SECRET, timestamp, body.getBytes(StandardCharsets.UTF_8))
              : signature);
    }
    return Http.post(
        "http://localhost:" + port + "/api/v1/slack/interactions", null, body, headers);
  }

  static String now() {
    return String.valueOf(Instant.now().getEpochSecond());
  }

  /** An approval into PROD asked by release-manager, one of release-manager / platform-lead. */
  static ApprovalRequested.Builder asking(String approvalId) {
    return ApprovalRequested.newBuilder()
        .setApprovalId(approvalId)
        .setRequiredRoles(List.of("release-manager", "platform-lead"))
        .setQuorum(1)
        .setRequestedBy("release-manager")
        .setSourceStage("STAGING")
        .setTargetStage("PROD")
        .setGateSummary("6/6 gates passed")
        .setExpiresAt(Instant.parse("2026-11-22T10:00:00Z"));
  }

  @Test
  void approversDecideFromSlackWithTheRulesOfApprovalService() {
    EventMetadata meta =
        TopicProbe.metadata("p-slack", TopicProbe.artifact("inventory", "3.0.0", 'b'));
    ApprovalsEnvelope requested = new ApprovalsEnvelope(meta, asking("apr-slack").build());
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.produce(Topics.APPROVALS, "inventory", requested);
    }
    // posted with the bot token, Approve and Reject carrying the approval id
    Awaitility.await().atMost(WAIT).until(() -> !calls("chat.postMessage").isEmpty());
    Call posted = calls("chat.postMessage").get(0);
    assertThat(posted.params().get("channel")).isEqualTo("C0APPROVALS");
    assertThat(posted.headers().get("Authorization")).isEqualTo("Bearer xoxb-test-bot-token");
    String blocks = posted.params().get("blocks");
    assertThat(blocks)
        .contains("\"action_id\":\"promoflow-approve\"", "\"action_id\":\"promoflow-reject\"")
        .contains("\"value\":\"apr-slack\"", "inventory 3.0.0 awaits approval for PROD");

    // bad signature, and a correctly signed request replayed after 5 minutes: 401, nothing done
    String approve = click("U0APPROVER", "promoflow-approve", blocks, "1700000001.000001");
    Http.Response forged = post(approve, now(), "v0=" + "0".repeat(64));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.json().get("detail").asString()).contains("does not match");
    String old = String.valueOf(Instant.now().minusSeconds(600).getEpochSecond());
    Http.Response replayed = post(approve, old, "sign");
    assertThat(replayed.status()).isEqualTo(401);
    assertThat(replayed.json().get("detail").asString()).contains("more than 5 minutes");
    assertThat(post(approve, now(), null).status()).isEqualTo(401);
    assertThat(calls("decide")).isEmpty();

    // a valid approve: answered at once, recorded on the principal's behalf, message updated
    String ts = now();
    assertThat(post(approve, ts, "sign").status()).isEqualTo(200);
    Awaitility.await().atMost(WAIT).until(() -> !calls("chat.update").isEmpty());
    Call decided = calls("decide").get(0);
    assertThat(decided.params())
        .containsEntry("path", "/approval/api/v1/approvals/apr-slack/decisions")
        .containsEntry("decision", "APPROVE");
    assertThat(decided.headers())
        .containsEntry("Authorization", "Bearer " + DELEGATION)
        .containsEntry("X-Promoflow-On-Behalf-Of", "platform-lead")
        .containsEntry("X-Promoflow-Delegated-Via", "slack");
    Call updated = calls("chat.update").get(0);
    assertThat(updated.params())
        .containsEntry("channel", "C0APPROVALS")
        .containsEntry("ts", "1700000000.000100");
    assertThat(updated.params().get("blocks"))
        .contains("Approved by platform-lead in Slack", "awaits approval for PROD");
    // the very same request again (within the window): acknowledged, not recorded twice
    assertThat(post(approve, ts, "sign").status()).isEqualTo(200);

    // a second click of the same person: approval-service's 409, shown only to them
    post(click("U0APPROVER", "promoflow-approve", blocks, "1700000002.000002"), now(), "sign");
    Call already = ephemeral("U0APPROVER");
    assertThat(already.params().get("text")).contains("already decided");
    assertThat(calls("decide")).hasSize(2);

    // an unmapped Slack user: refused in Slack, approval-service never asked
    assertThat(
            post(
                    click("U0STRANGER", "promoflow-approve", blocks, "1700000003.000003"),
                    now(),
                    "sign")
                .status())
        .isEqualTo(200);
    assertThat(ephemeral("U0STRANGER").params().get("text"))
        .contains(
            "not mapped to a Promoflow identity", "promoflow.security.slack-users.U0STRANGER");
    assertThat(calls("decide")).hasSize(2);

    // the requester: approval-service refuses with the reason, shown to them
    post(click("U0REQUESTER", "promoflow-approve", blocks, "1700000004.000004"), now(), "sign");
    assertThat(ephemeral("U0REQUESTER").params().get("text"))
        .contains("release-manager requested this promotion");
    assertThat(calls("chat.update")).hasSize(1);

    // reject: a modal asks for the comment; its submission records the rejection
    post(click("U0REJECTER", "promoflow-reject", blocks, "1700000005.000005"), now(), "sign");
    Awaitility.await().atMost(WAIT).until(() -> !calls("views.open").isEmpty());
    Call opened = calls("views.open").get(0);
    assertThat(opened.params().get("trigger_id"))
        .isEqualTo("13345224609.738474920.8088930838d88f008e0");
    JsonNode view = JSON.readTree(opened.params().get("view"));
    assertThat(view.path("callback_id").asString()).isEqualTo("promoflow-reject-modal");
    assertThat(view.toString()).contains("\"type\":\"input\"", "\"optional\":false");
    assertThat(calls("decide")).hasSize(3);
    String metadata = view.path("private_metadata").asString();
    Http.Response blank = post(submission("U0REJECTER", metadata, " "), now(), "sign");
    assertThat(blank.status()).isEqualTo(200);
    assertThat(blank.json().path("response_action").asString()).isEqualTo("errors");
    assertThat(post(submission("U0REJECTER", metadata, "breaks checkout"), now(), "sign").status())
        .isEqualTo(200);
    Awaitility.await().atMost(WAIT).until(() -> calls("chat.update").size() == 2);
    Call rejected = calls("decide").get(3);
    assertThat(rejected.params())
        .containsEntry("decision", "REJECT")
        .containsEntry("comment", "breaks checkout");
    assertThat(rejected.headers()).containsEntry("X-Promoflow-On-Behalf-Of", "oncall");
    String after = calls("chat.update").get(1).params().get("blocks");
    assertThat(after).contains("Rejected by oncall in Slack: breaks checkout");
    assertThat(after).doesNotContain("promoflow-approve");

    // the route is open to Slack's signature only: the other routes still need a token
    assertThat(Http.get("http://localhost:" + port + "/api/v1/notifications", null).status())
        .isEqualTo(401);
  }

  @Test
  void theButtonsOfAReleaseComponentDecideTheWholeRelease() {
    EventMetadata meta =
        TopicProbe.metadata("p-slack-rel", TopicProbe.artifact("cart", "5.0.0", 'c'));
    ApprovalsEnvelope requested =
        new ApprovalsEnvelope(
            meta,
            asking("apr-cart")
                .setRelease(
                    new io.promoflow.schemas.common.ReleaseRef(
                        "rel-slack-1", "2026.48.0", "PLATFORM_PATCH", List.of("cart", "payments")))
                .build());
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.produce(Topics.APPROVALS, "cart", requested);
    }
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                calls("chat.postMessage").stream()
                    .anyMatch(c -> c.params().get("blocks").contains("cart 5.0.0")));
    String blocks =
        calls("chat.postMessage").stream()
            .map(c -> c.params().get("blocks"))
            .filter(b -> b.contains("cart 5.0.0"))
            .findFirst()
            .orElseThrow();
    // the buttons name the release, and the action the release's CLI command: a component alone
    // is never decided (approval-service answers 409 to that)
    assertThat(blocks)
        .contains("\"value\":\"release:rel-slack-1\"", "Approve release", "Reject release")
        .contains("releases approve rel-slack-1", "2026.48.0 (PLATFORM_PATCH, 2 components")
        .doesNotContain("\"value\":\"apr-cart\"", "approvals approve apr-cart");

    String approve =
        click(
            "U0APPROVER", "promoflow-approve", blocks, "1700000011.000011", "release:rel-slack-1");
    assertThat(post(approve, now(), "sign").status()).isEqualTo(200);
    Awaitility.await().atMost(WAIT).until(() -> !calls("chat.update").isEmpty());
    assertThat(calls("decide"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.params())
                  .containsEntry("path", "/approval/api/v1/releases/rel-slack-1/decisions")
                  .containsEntry("decision", "APPROVE");
              assertThat(c.headers()).containsEntry("X-Promoflow-On-Behalf-Of", "platform-lead");
            });
    assertThat(calls("chat.update").get(0).params().get("blocks"))
        .contains("Approved by platform-lead in Slack for the whole release");

    // reject: the modal names the release, its submission rejects the release
    post(
        click("U0REJECTER", "promoflow-reject", blocks, "1700000012.000012", "release:rel-slack-1"),
        now(),
        "sign");
    Awaitility.await().atMost(WAIT).until(() -> !calls("views.open").isEmpty());
    JsonNode view = JSON.readTree(calls("views.open").get(0).params().get("view"));
    assertThat(view.toString()).contains("Reject release `rel-slack-1` (every component)");
    post(
        submission("U0REJECTER", view.path("private_metadata").asString(), "payments breaks"),
        now(),
        "sign");
    Awaitility.await().atMost(WAIT).until(() -> calls("decide").size() == 2);
    assertThat(calls("decide").get(1).params())
        .containsEntry("path", "/approval/api/v1/releases/rel-slack-1/decisions")
        .containsEntry("decision", "REJECT");
    Awaitility.await().atMost(WAIT).until(() -> calls("chat.update").size() == 2);
  }

  Call ephemeral(String user) {
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                calls("chat.postEphemeral").stream()
                    .anyMatch(c -> user.equals(c.params().get("user"))));
    return calls("chat.postEphemeral").stream()
        .filter(c -> user.equals(c.params().get("user")))
        .findFirst()
        .orElseThrow();
  }
}
