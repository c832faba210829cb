package io.promoflow.console.adapters;

import io.promoflow.console.ConsoleProperties;
import io.promoflow.console.domain.proxy.HopByHop;
import io.promoflow.console.domain.proxy.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Forwards the API proxy's calls over HTTP/1.1 to the base URL {@code
 * promoflow.console.services.<service>} names. A service that refuses the connection, does not
 * connect within 2 s or answer within 30 s is {@link Upstream.Unreachable}. Redirects are not
 * followed: the caller gets them as they are.
 */
@Component
public class HttpUpstream implements Upstream {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final ConsoleProperties properties;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public HttpUpstream(ConsoleProperties properties) {
    this.properties = properties;
  }

  @Override
  public Answer forward(Call call) throws Unreachable {
    URI base = properties.service(call.service());
    URI target = URI.create(base.toString().replaceAll("/+$", "") + call.pathAndQuery());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(ANSWER_TIMEOUT)
            .method(call.method(), publisher(call));
    call.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
    try {
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      InputStream body = response.body();
      return new Answer(
          response.statusCode(),
          HopByHop.endToEnd(response.headers().map()),
          new Body() {
            @Override
            public void transferTo(OutputStream out) throws IOException {
              body.transferTo(out);
            }

            @Override
            public void close() throws IOException {
              body.close();
            }
          });
    } catch (IOException e) {
      throw new Unreachable(
          call.service() + "-service at " + base + " did not answer (" + describe(e) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable(call.service() + "-service: interrupted while waiting", e);
    }
  }

  /** The caller's body as the service reads it, with its length when the caller declared one. */
  private static HttpRequest.BodyPublisher publisher(Call call) {
    if (call.bodyLength() == 0) {
      return HttpRequest.BodyPublishers.noBody();
    }
    HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(call::body);
    return call.bodyLength() > 0
        ? HttpRequest.BodyPublishers.fromPublisher(stream, call.bodyLength())
        : stream;
  }

  private static String describe(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
