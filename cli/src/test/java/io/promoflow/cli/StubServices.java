package io.promoflow.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The six services as one JDK HTTP server: records every call and answers with the responses queued
 * for its path, in order, the last one repeated ({@code 200 {}} when none).
 */
final class StubServices implements AutoCloseable {

  record Call(String method, String path, String authorization, String body) {}

  /** Exit code, stdout and stderr of one run. */
  record Run(int exitCode, String out, String err) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<String[]>> answers = new ConcurrentHashMap<>();
  private final Map<String, java.util.function.Function<List<Call>, String[]>> computed =
      new ConcurrentHashMap<>();
  private final HttpServer server;
  final String endpoints;

  StubServices() throws IOException {
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
          String[] answer = next(exchange.getRequestURI().getPath());
          byte[] bytes = answer[1].getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add(
                  "Content-Type",
                  answer[0].startsWith("2") ? "application/json" : "application/problem+json");
          if (answer.length > 2 && answer[2] != null) {
            exchange.getResponseHeaders().add("Link", answer[2]);
          }
          exchange.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    endpoints = endpointsAt("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private synchronized String[] next(String path) {
    java.util.function.Function<List<Call>, String[]> dynamic = computed.get(path);
    if (dynamic != null) {
      return dynamic.apply(List.copyOf(calls));
    }
    Deque<String[]> queue = answers.get(path);
    if (queue == null || queue.isEmpty()) {
      return new String[] {"200", "{}"};
    }
    return queue.size() > 1 ? queue.poll() : queue.peek();
  }

  /**
   * Answers {@code path} with {@code answer} of the calls so far (this one included): {@code
   * {status, body}}, for a stand-in whose state follows what the client sent.
   */
  synchronized StubServices answerWith(
      String path, java.util.function.Function<List<Call>, String[]> answer) {
    computed.put(path, answer);
    return this;
  }

  /** Queues answers to {@code path}: {@code status, body, status, body, …}. */
  synchronized StubServices answer(String path, String... statusAndBody) {
    Deque<String[]> queue = answers.computeIfAbsent(path, p -> new ArrayDeque<>());
    for (int i = 0; i < statusAndBody.length; i += 2) {
      queue.add(new String[] {statusAndBody[i], statusAndBody[i + 1]});
    }
    return this;
  }

  /** Queues a 200 page of a list at {@code path} whose {@code Link} header is {@code link}. */
  synchronized StubServices answerPage(String path, String body, String link) {
    answers.computeIfAbsent(path, p -> new ArrayDeque<>()).add(new String[] {"200", body, link});
    return this;
  }

  /** Every service at {@code base}, as {@code --endpoint} takes it. */
  static String endpointsAt(String base) {
    return Arrays.stream(Api.Service.values())
        .map(s -> s + "=" + base)
        .collect(Collectors.joining(","));
  }

  /** A URL where nothing listens: a port just bound and released. */
  static String unreachableBase() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  /** Runs the CLI with every service pointed at this server. */
  Run run(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--endpoint";
    all[args.length + 1] = endpoints;
    return runPlain(all);
  }

  /** Runs the CLI with exactly {@code args}, capturing stdout and stderr. */
  static Run runPlain(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = PromoflowCli.commandLine();
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int rc = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
