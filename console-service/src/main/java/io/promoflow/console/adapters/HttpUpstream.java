package io.promoflow.console.adapters;

import io.promoflow.console.ConsoleProperties;
import io.promoflow.console.domain.proxy.HopByHop;
import io.promoflow.console.domain.proxy.Upstream;
import java.io.IOException;
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
            .method(
                call.method(),
                call.body().length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    call.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(), HopByHop.endToEnd(response.headers().map()), response.body());
    } catch (IOException e) {
      throw new Unreachable(
          call.service() + "-service at " + base + " did not answer (" + describe(e) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable(call.service() + "-service: interrupted while waiting", e);
    }
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
