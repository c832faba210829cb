package io.promoflow.trigger.adapters.changemanagement;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for a change management system ({@code GET /changes/<id>}, bearer token {@value
 * #TOKEN}): {@code CHG-OK*} approved, {@code CHG-ASSESS*} known but in state {@code assess}, {@code
 * CHG-FAIL*} an internal error, anything else unknown (404); a wrong token 401.
 */
public final class ChangeManagementStandIn implements AutoCloseable {

  public static final String TOKEN = "stand-in-token";

  private final HttpServer server;

  /** The ids asked for, in order. */
  public final List<String> asked = new CopyOnWriteArrayList<>();

  public ChangeManagementStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/changes/",
        exchange -> {
          String id = exchange.getRequestURI().getPath().substring("/changes/".length());
          asked.add(id);
          int status;
          String body;
          if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
            body = "{}";
          } else if (id.startsWith("CHG-OK")) {
            status = 200;
            body = "{\"id\": \"" + id + "\", \"approved\": true, \"state\": \"scheduled\"}";
          } else if (id.startsWith("CHG-ASSESS")) {
            status = 200;
            body = "{\"id\": \"" + id + "\", \"approved\": false, \"state\": \"assess\"}";
          } else if (id.startsWith("CHG-FAIL")) {
            status = 500;
            body = "{}";
          } else {
            status = 404;
            body = "{}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  /** Base URL to configure as {@code promoflow.change-management.url}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/changes";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
