package io.promoflow.platform.streams;

import io.promoflow.platform.web.ProblemException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Asks another instance of this service for what its state stores hold, over its {@link
 * InternalStoreController} routes, presenting the shared internal token ({@link
 * InteractiveQueriesProperties#internalToken()}). Anything but a well-formed 200 (no token
 * configured, unreachable, timed out, 401/403, 404 of a route that is not there, 503 of an instance
 * that is rebalancing) is a 503 problem for the caller: a read is never answered "not found"
 * because the owner could not be asked.
 */
public class RemoteStores {

  private final HttpClient client;
  private final String token;
  private final Duration timeout;

  /**
   * @param properties the internal token and the timeout of each call
   */
  public RemoteStores(InteractiveQueriesProperties properties) {
    this.timeout = properties.remoteTimeout();
    this.token = properties.internalToken();
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * The value under {@code key} in {@code store} of the instance at {@code host}, as JSON, or
   * empty.
   *
   * @param partition the partition that instance must hold the active copy of (its "not found" then
   *     means "does not exist"), or null: any it holds (its "not found" means "not here")
   */
  public Optional<JsonNode> get(HostInfo host, String store, String key, Integer partition) {
    JsonNode body =
        call(
            host,
            store,
            "?key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + (partition == null ? "" : "&partition=" + partition));
    if (!body.path("found").isBoolean()) {
      throw unavailable(host, store, "answered without 'found'", null);
    }
    return body.path("found").booleanValue() ? Optional.of(body.path("value")) : Optional.empty();
  }

  /**
   * Every key → value (JSON) of the active partitions of {@code store} the instance at {@code host}
   * holds.
   */
  public Map<String, JsonNode> all(HostInfo host, String store) {
    JsonNode entries = call(host, store, "").path("entries");
    if (!entries.isArray()) {
      throw unavailable(host, store, "answered without 'entries'", null);
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (JsonNode entry : entries) {
      if (!entry.path("key").isString() || entry.path("value").isMissingNode()) {
        throw unavailable(host, store, "answered an entry without key or value", null);
      }
      values.put(entry.path("key").stringValue(), entry.path("value"));
    }
    return values;
  }

  private JsonNode call(HostInfo host, String store, String query) {
    if (token == null) {
      throw unavailable(
          host, store, "cannot be asked: promoflow.streams.internal-token is not set", null);
    }
    URI uri =
        URI.create(
            "http://"
                + host.host()
                + ":"
                + host.port()
                + InternalStoreController.PATH
                + "/"
                + URLEncoder.encode(store, StandardCharsets.UTF_8)
                + query);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable(host, store, "is unreachable: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(host, store, "was not answered: interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw unavailable(host, store, "answered HTTP " + response.statusCode(), null);
    }
    try {
      return JsonSerde.mapper().readTree(response.body());
    } catch (JacksonException e) {
      throw unavailable(host, store, "answered a body that is not JSON", e);
    }
  }

  private static ProblemException unavailable(
      HostInfo host, String store, String what, Exception cause) {
    return new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "State not ready",
        "the instance "
            + host.host()
            + ":"
            + host.port()
            + " holding part of state store "
            + store
            + " "
            + what
            + "; retry in a few seconds",
        null,
        cause);
  }
}
