package io.promoflow.console.domain.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** The six services as the API proxy reaches them (port; implemented in {@code adapters}). */
public interface Upstream {

  /**
   * A request to forward.
   *
   * @param service the service's short name (trigger, gate, ...)
   * @param method HTTP method
   * @param pathAndQuery raw path and query, as received (percent-encoding kept)
   * @param headers end-to-end headers to send, hop-by-hop ones already removed
   * @param body the request body, streamed to the service as the service reads it (never buffered
   *     by the console, so a caller the service refuses costs no memory here)
   * @param bodyLength bytes of the body: 0 none, -1 unknown (chunked)
   */
  record Call(
      String service,
      String method,
      String pathAndQuery,
      Map<String, List<String>> headers,
      InputStream body,
      long bodyLength) {}

  /**
   * The service's answer, as it gave it; the body is streamed and must be closed.
   *
   * @param headers end-to-end response headers (hop-by-hop and {@code Content-Length} removed)
   */
  record Answer(int status, Map<String, List<String>> headers, Body body) {}

  /** A response body read as it arrives. */
  interface Body extends AutoCloseable {

    /** Copies the rest of the body to {@code out}. */
    void transferTo(java.io.OutputStream out) throws IOException;

    @Override
    void close() throws IOException;
  }

  /**
   * Sends {@code call} to its service and returns the answer whatever its status.
   *
   * @throws Unreachable when the service did not answer (refused, timed out, unknown host)
   */
  Answer forward(Call call) throws Unreachable;

  /** A service that did not answer. */
  final class Unreachable extends Exception {

    public Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
