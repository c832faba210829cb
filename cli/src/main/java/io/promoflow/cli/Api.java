package io.promoflow.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' HTTP APIs as the CLI sees them: JSON in and out, bearer token, problem+json errors
 * turned into {@link ApiException} with the server's detail and the field it names.
 */
public final class Api {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String host;
  private final java.util.Map<Service, String> endpoints;
  private final String readToken;
  private final String baseUrl;

  /**
   * @param host where the services listen on their default ports, e.g. {@code localhost}
   * @param endpoints base URLs that replace {@code http://<host>:<port>} for some services
   */
  public Api(String host, java.util.Map<Service, String> endpoints) {
    this(host, endpoints, null);
  }

  /**
   * @param readToken bearer token sent on reads without one of their own (every {@code /api/v1}
   *     read needs a token); null or blank: none
   */
  public Api(String host, java.util.Map<Service, String> endpoints, String readToken) {
    this(host, endpoints, readToken, null);
  }

  /**
   * @param baseUrl one base URL for every service, e.g. the console's {@code http://localhost:8080}
   *     that proxies {@code /api/v1/**} to the six services; null or blank: each service at its own
   *     port on {@code host}. An endpoint given for a service still wins.
   */
  public Api(
      String host, java.util.Map<Service, String> endpoints, String readToken, String baseUrl) {
    this.host = host;
    this.endpoints = endpoints;
    this.readToken = readToken;
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
  }

  /** The same services, reading as the holder of {@code token}. */
  public Api readingAs(String token) {
    return new Api(host, endpoints, token, baseUrl);
  }

  /**
   * Base URL of a service: its endpoint if one was given, else the one base URL if one was given
   * ({@code PROMOFLOW_URL}), else the DESIGN.md port on the host.
   */
  public String url(Service service) {
    String endpoint = endpoints.get(service);
    if (endpoint != null) {
      return endpoint.replaceAll("/+$", "");
    }
    return baseUrl != null ? baseUrl : "http://" + host + ":" + service.port;
  }

  /** The services and their ports. */
  public enum Service {
    /** The console: the board, the DORA metrics and the one API address (proxy). */
    CONSOLE(8080),
    TRIGGER(8081),
    GATE(8082),
    PROMOTION(8083),
    APPROVAL(8084),
    ROLLBACK(8085),
    NOTIFICATION(8086);

    final int port;

    Service(int port) {
      this.port = port;
    }
  }

  /** GET {@code path} of {@code service} with the read token. */
  public JsonNode get(Service service, String path) {
    return get(service, path, readToken);
  }

  /** GET {@code path} of {@code service} as the holder of {@code token}. */
  public JsonNode get(Service service, String path, String token) {
    return send(HttpRequest.newBuilder(URI.create(url(service) + path)).GET(), token);
  }

  /**
   * GET every page of a list route with the read token (see {@link #getAll(Service, String,
   * String)}).
   */
  public JsonNode getAll(Service service, String path) {
    return getAll(service, path, readToken);
  }

  /**
   * GET every page of a list route ({@code ?limit=&cursor=}, GitHub issue 17 point 2): follows
   * {@code Link: <…>; rel="next"} (resolved against the page's URL) until a page has none, and
   * returns the items of all pages in order as one array.
   *
   * @throws ApiException when a page is not a JSON array, or a link repeats (a server that would
   *     page forever)
   */
  public JsonNode getAll(Service service, String path, String token) {
    tools.jackson.databind.node.ArrayNode all = JSON.createArrayNode();
    java.util.Set<URI> seen = new java.util.HashSet<>();
    URI next = URI.create(url(service) + path);
    while (next != null) {
      if (!seen.add(next)) {
        throw new ApiException(0, "the list at " + path + " links back to " + next);
      }
      Page page = sendPage(HttpRequest.newBuilder(next).GET(), token);
      if (!page.body().isArray()) {
        throw new ApiException(0, next + " did not answer a JSON array");
      }
      page.body().forEach(all::add);
      URI following = page.next() == null ? null : next.resolve(page.next());
      if (following != null && !sameOrigin(following, next)) {
        // the token goes with every page: never to another host than the one asked
        throw new ApiException(0, "the list at " + path + " links to another host: " + following);
      }
      next = following;
    }
    return all;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return java.util.Objects.equals(a.getScheme(), b.getScheme())
        && java.util.Objects.equals(a.getHost(), b.getHost())
        && a.getPort() == b.getPort();
  }

  /**
   * The target of {@code rel="next"} in a {@code Link} header (RFC 8288), or null.
   *
   * @param link the header's value, or null
   */
  static String nextLink(String link) {
    if (link == null) {
      return null;
    }
    // link-value = "<" URI-Reference ">" *( ";" link-param ), several separated by ","
    for (String value : link.split(",(?=\\s*<)")) {
      String v = value.strip();
      int close = v.indexOf('>');
      if (!v.startsWith("<") || close < 0) {
        continue;
      }
      for (String param : v.substring(close + 1).split(";")) {
        String[] nameValue = param.strip().split("=", 2);
        if (nameValue.length == 2 && nameValue[0].strip().equalsIgnoreCase("rel")) {
          String rels = nameValue[1].strip().replace("\"", "");
          for (String rel : rels.split("\\s+")) {
            if (rel.equalsIgnoreCase("next")) {
              return v.substring(1, close);
            }
          }
        }
      }
    }
    return null;
  }

  /** POST a JSON {@code body}. */
  public JsonNode post(Service service, String path, Object body, String token) {
    return send(
        HttpRequest.newBuilder(URI.create(url(service) + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
        token);
  }

  private JsonNode send(HttpRequest.Builder request, String token) {
    return sendPage(request, token).body();
  }

  /** One answer: its body and the target of its {@code Link rel="next"}, or null. */
  private record Page(JsonNode body, String next) {}

  private Page sendPage(HttpRequest.Builder request, String token) {
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpRequest r = request.timeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
      JsonNode body = parse(response.body());
      if (response.statusCode() >= 400) {
        String detail = body.path("detail").asString(response.body());
        // the problem's field (platform.web.ProblemResponses), unless the detail starts with it
        String field = body.path("field").asString(null);
        if (field != null && !field.isBlank() && !detail.startsWith(field)) {
          detail += " (field " + field + ")";
        }
        if (response.statusCode() == 401 && (token == null || token.isBlank())) {
          detail +=
              " — give --token or set PROMOFLOW_TOKEN (local stack: local-viewer reads, see README)";
        }
        throw new ApiException(response.statusCode(), detail);
      }
      return new Page(body, nextLink(response.headers().firstValue("Link").orElse(null)));
    } catch (IOException e) {
      // refused, timed out, reset, unknown host: no answer from the service (exit code 3)
      throw new UnreachableException(
          base(r.uri())
              + (e instanceof ConnectException
                  ? " (connection refused)"
                  : e instanceof HttpTimeoutException
                      ? " (timed out)"
                      : " (" + e.getClass().getSimpleName() + ")")
              + " — is the stack running? Start it with ./promoflow up");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted");
    }
  }

  /** {@code scheme://host:port} of {@code uri}: the service that did not answer. */
  private static String base(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** {@code value} percent-encoded as one path segment or query value (an id never adds a path). */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      return JSON.missingNode();
    }
  }

  /**
   * A call that failed: the service answered with an error {@code status} (exit code 1), or 0 for a
   * failure on this side.
   */
  public static class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String detail) {
      super(detail);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * No answer from a service: connection refused, connect or request timeout, unknown host (exit
   * code 3). The message names the service's URL.
   */
  public static final class UnreachableException extends ApiException {

    public UnreachableException(String detail) {
      super(0, "cannot reach " + detail);
    }
  }
}
