package io.promoflow.console.adapters.openapi;

import io.promoflow.console.ConsoleProperties;
import io.promoflow.console.domain.openapi.ApiDocsMerger.ServiceDocument;
import io.promoflow.console.domain.openapi.ServiceDocuments;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads each service's OpenAPI document ({@code GET <service>/v3/api-docs}, open without a token),
 * all six at once, each bounded by {@link #TIMEOUT}: a service that does not answer in time,
 * answers an error or something that is not JSON is reported missing with the reason, never waited
 * for.
 *
 * <p>The route is open without a token, so one call must not cost six upstream calls every time: a
 * complete set of documents is kept for {@link #CACHE_FOR} (the services' documents change only
 * with a new release of a service) and calls are served one at a time, so a burst of callers costs
 * at most six upstream calls. An incomplete set is never kept: a service that comes back is seen at
 * the next call.
 */
@org.springframework.stereotype.Component
public class ServiceApiDocs implements ServiceDocuments {

  /** The longest one service's document is waited for (connect and answer). */
  public static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** How long a complete set of documents is served without asking the services again. */
  public static final Duration CACHE_FOR = Duration.ofSeconds(30);

  private List<ServiceDocument> cached;
  private long cachedAtNanos;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ConsoleProperties properties;
  private final HttpClient http;

  public ServiceApiDocs(ConsoleProperties properties) {
    this.properties = properties;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** Every service's document (or why not), in the services' name order. */
  @Override
  public synchronized List<ServiceDocument> fetchAll() {
    if (cached != null && System.nanoTime() - cachedAtNanos < CACHE_FOR.toNanos()) {
      return cached;
    }
    List<ServiceDocument> documents = fetchEach();
    if (documents.stream().allMatch(d -> d.unavailable() == null)) {
      cached = List.copyOf(documents);
      cachedAtNanos = System.nanoTime();
    } else {
      cached = null;
    }
    return documents;
  }

  private List<ServiceDocument> fetchEach() {
    List<String> names = new ArrayList<>(new TreeSet<>(ConsoleProperties.SERVICES));
    List<CompletableFuture<ServiceDocument>> calls = new ArrayList<>();
    for (String name : names) {
      calls.add(fetch(name));
    }
    List<ServiceDocument> documents = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      URI url = url(names.get(i));
      try {
        documents.add(calls.get(i).get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        calls.get(i).cancel(true);
        documents.add(ServiceDocument.missing(names.get(i), url, "no answer within " + TIMEOUT));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        documents.add(ServiceDocument.missing(names.get(i), url, "interrupted"));
      } catch (java.util.concurrent.ExecutionException e) {
        documents.add(ServiceDocument.missing(names.get(i), url, reason(e.getCause())));
      }
    }
    return documents;
  }

  private CompletableFuture<ServiceDocument> fetch(String name) {
    URI url = url(name);
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                return ServiceDocument.missing(name, url, "answered " + response.statusCode());
              }
              try {
                return ServiceDocument.of(name, url, JSON.readTree(response.body()));
              } catch (JacksonException e) {
                return ServiceDocument.missing(name, url, "not JSON: " + e.getOriginalMessage());
              }
            })
        .exceptionally(e -> ServiceDocument.missing(name, url, reason(e)));
  }

  private URI url(String service) {
    String base = properties.service(service).toString().replaceAll("/+$", "");
    return URI.create(base + "/v3/api-docs");
  }

  private static String reason(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
