package io.promoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.promoflow.cli.demo.DemoEvidence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI against stand-in services: what it sends, and what it prints on errors. */
class PromoflowCliTest {

  record Call(String method, String path, String authorization, String body) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final Map<String, String[]> answers = new ConcurrentHashMap<>();
  HttpServer server;
  String endpoints;

  @BeforeEach
  void serve() throws IOException {
    {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(
                new Call(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            String[] answer =
                answers.getOrDefault(
                    exchange.getRequestURI().getPath(), new String[] {"200", "{}"});
            byte[] bytes = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      server.start();
    }
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    endpoints =
        java.util.Arrays.stream(Api.Service.values())
            .map(s -> s + "=" + base)
            .collect(java.util.stream.Collectors.joining(","));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** Runs the CLI with every service pointed at the stand-in server. */
  int run(ByteArrayOutputStream err, String... args) {
    CommandLine cli = PromoflowCli.commandLine();
    cli.setErr(new PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--endpoint";
    all[args.length + 1] = endpoints;
    return cli.execute(all);
  }

  @Test
  void approvingSendsTheDecisionWithTheCallersToken() {
    answers.put(
        "/api/v1/approvals/apr-1/decisions",
        new String[] {"202", "{\"approver\":\"release-manager\",\"promotionId\":\"p-1\"}"});
    int rc =
        run(
            new ByteArrayOutputStream(),
            "approvals",
            "approve",
            "apr-1",
            "--token",
            "local-approver-1");
    assertThat(rc).isZero();
    Call call = calls.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/api/v1/approvals/apr-1/decisions");
    assertThat(call.authorization()).isEqualTo("Bearer local-approver-1");
    assertThat(call.body()).contains("\"decision\":\"APPROVE\"");
  }

  @Test
  void readsSendTheConfiguredTokenAndA401WithoutOneSaysHowToGiveIt() {
    answers.put(
        "/api/v1/applications/inventory",
        new String[] {"200", "{\"application\":\"inventory\",\"stages\":{}}"});
    assertThat(run(new ByteArrayOutputStream(), "status", "inventory", "--token", "local-viewer"))
        .isZero();
    assertThat(calls.get(0).method()).isEqualTo("GET");
    assertThat(calls.get(0).authorization()).isEqualTo("Bearer local-viewer");

    answers.put(
        "/api/v1/applications/inventory",
        new String[] {
          "401", "{\"status\":401,\"detail\":\"this route needs Authorization: Bearer <token>\"}"
        });
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = run(err, "status", "inventory", "--token", "");
    assertThat(rc).isEqualTo(1);
    assertThat(calls.get(1).authorization()).isNull();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("error 401: this route needs Authorization")
        .contains("--token", "PROMOFLOW_TOKEN");
  }

  @Test
  void aRefusalPrintsTheServersReasonAndExitsNonZero() {
    answers.put(
        "/api/v1/approvals/apr-1/decisions",
        new String[] {
          "403", "{\"status\":403,\"detail\":\"dev requested this promotion and cannot decide it\"}"
        });
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = run(err, "approvals", "approve", "apr-1", "--token", "local-dev");
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("error 403: dev requested this promotion");
  }

  @Test
  void publishingABuildReadsEvidenceFilesAndRejectIsRefusedWithoutComment(@TempDir Path dir)
      throws IOException {
    Path junit =
        Files.writeString(dir.resolve("TEST-x.xml"), "<testsuite tests=\"3\" failures=\"0\"/>");
    answers.put(
        "/api/v1/builds",
        new String[] {
          "202", "{\"application\":\"inventory\",\"version\":\"1.4.2\",\"eventId\":\"e\"}"
        });
    int rc =
        run(
            new ByteArrayOutputStream(),
            "builds",
            "publish",
            "--token",
            "local-ci",
            "--application",
            "inventory",
            "--version",
            "1.4.2",
            "--digest",
            "sha256:" + "a".repeat(64),
            "--commit",
            "b".repeat(40),
            "--run-id",
            "9",
            "--evidence",
            "junit-xml=" + junit);
    assertThat(rc).isZero();
    assertThat(calls.get(0).body())
        .contains("\"format\":\"junit-xml\"")
        .contains("testsuite tests=");
    // picocli refuses a reject without --comment before anything is sent
    assertThat(run(new ByteArrayOutputStream(), "approvals", "reject", "apr-1")).isEqualTo(2);
    assertThat(calls).hasSize(1);
  }

  @Test
  void demoEvidenceIsRealToolOutput() {
    Map<String, String> docs = DemoEvidence.documents();
    assertThat(docs.get("junit-xml")).contains("<testsuite").contains("io.promoflow.schemas");
    assertThat(docs.get("jacoco-xml")).contains("-//JACOCO//DTD Report");
    assertThat(docs.get("cyclonedx-json")).contains("\"bomFormat\"").contains("CycloneDX");
    assertThat(docs.get("benchmark-json")).contains("\"p95LatencyMs\": 120");
    assertThat(DemoEvidence.integrationTests())
        .contains("<testsuite")
        .contains("io.promoflow.rollback.RollbackServiceIT")
        .contains("failures=\"0\"");
    assertThat(DemoEvidence.evidence())
        .anySatisfy(e -> assertThat(e).containsEntry("kind", "integration"))
        .hasSize(5);
  }
}
