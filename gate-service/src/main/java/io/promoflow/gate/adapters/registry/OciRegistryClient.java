package io.promoflow.gate.adapters.registry;

import io.promoflow.rules.gates.OciReference;
import io.promoflow.rules.gates.RegistryLookup;
import io.promoflow.rules.gates.RegistryObservation;
import io.promoflow.schemas.Digests;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Observes a manifest through the OCI Distribution API for the {@code registry} gate (GitHub issue
 * 18 point 5): {@code HEAD /v2/<name>/manifests/<digest>} with the OCI and Docker manifest media
 * types accepted, its {@code Docker-Content-Digest}; then the manifest itself ({@code GET}, whose
 * bytes must hash to that digest) for the image size (config and layers) or an index's platforms,
 * and the image config blob for labels and architecture.
 *
 * <p>Errors are categorised as in the reference image-promotion-workflow.md: no connection, a
 * timeout → {@code NETWORK}; 401/403 after the credentials of {@link RegistryProperties} (Basic, a
 * configured bearer token, or a token obtained from a {@code Bearer} challenge's realm) → {@code
 * AUTHENTICATION}; 404 → not found; any other answer → {@code REGISTRY}. The observation never
 * carries a credential. A call blocks the gate service's stream thread for at most the host's
 * {@code timeout} per request (five requests at most).
 */
@Component
public class OciRegistryClient implements RegistryLookup {

  /** Manifest media types accepted (OCI image manifest and index, Docker v2 and manifest list). */
  static final String ACCEPT =
      String.join(
          ", ",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  private static final Logger LOG = LoggerFactory.getLogger(OciRegistryClient.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /**
   * Time for one whole observation (every call, token exchange included): the gate decides inside a
   * Kafka Streams transaction (transaction.timeout.ms 10 s), so a slow registry must fail the gate
   * (NETWORK) well before the transaction would be aborted and the record reprocessed.
   */
  static final java.time.Duration BUDGET = java.time.Duration.ofSeconds(4);

  /** The largest answer read (manifests and image configs are kilobytes). */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private final RegistryProperties properties;

  /**
   * One client per trusted registry host, kept for the service's life: a client owns a thread pool
   * and a connection pool, so one per observation would leak both under load and never reuse a
   * connection.
   */
  private final java.util.concurrent.ConcurrentMap<String, HttpClient> clients =
      new java.util.concurrent.ConcurrentHashMap<>();

  public OciRegistryClient(RegistryProperties properties) {
    this.properties = properties;
  }

  @Override
  public RegistryObservation observe(OciReference reference, String digest) {
    java.util.Optional<RegistryProperties.Host> trusted = properties.host(reference.host());
    if (trusted.isEmpty()) {
      return RegistryObservation.error(
          RegistryObservation.AUTHENTICATION,
          "registry "
              + reference.host()
              + " is not a trusted registry (promoflow.registries lists the registries the gate"
              + " asks)");
    }
    RegistryProperties.Host host = trusted.get();
    HttpClient http =
        clients.computeIfAbsent(
            reference.host(),
            h ->
                HttpClient.newBuilder()
                    .connectTimeout(host.timeout())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build());
    Session session = new Session(reference, host, http);
    try {
      return session.observe(digest);
    } catch (HttpConnectTimeoutException | ConnectException e) {
      return RegistryObservation.error(
          RegistryObservation.NETWORK, "cannot connect to " + reference.host() + ": " + e);
    } catch (HttpTimeoutException e) {
      return RegistryObservation.error(
          RegistryObservation.NETWORK,
          "no answer from " + reference.host() + ": " + e.getMessage());
    } catch (IOException e) {
      return RegistryObservation.error(
          RegistryObservation.NETWORK, "talking to " + reference.host() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return RegistryObservation.error(RegistryObservation.NETWORK, "interrupted");
    } catch (JacksonException | IllegalArgumentException e) {
      return RegistryObservation.error(
          RegistryObservation.REGISTRY,
          "unreadable answer from " + reference.host() + ": " + e.getMessage());
    }
  }

  /** The calls of one observation, sharing the authorization once it is known. */
  private static final class Session {

    private final OciReference reference;
    private final RegistryProperties.Host host;
    private final HttpClient http;
    private String authorization;
    private final long deadline;

    Session(OciReference reference, RegistryProperties.Host host, HttpClient http) {
      this.reference = reference;
      this.host = host;
      this.deadline = System.nanoTime() + BUDGET.toNanos();
      this.http = http;
      if (host.bearer()) {
        authorization = "Bearer " + host.token();
      } else if (host.basic()) {
        authorization = basic(host);
      }
    }

    RegistryObservation observe(String digest) throws IOException, InterruptedException {
      String manifestPath = "/v2/" + reference.repository() + "/manifests/" + digest;
      HttpResponse<byte[]> head = call("HEAD", manifestPath);
      Optional<RegistryObservation> refused = refusal(head, "manifest " + digest);
      if (refused.isPresent()) {
        return refused.get();
      }
      String answered = head.headers().firstValue("Docker-Content-Digest").orElse(null);
      HttpResponse<byte[]> get = call("GET", manifestPath);
      refused = refusal(get, "manifest " + digest);
      if (refused.isPresent()) {
        return refused.get();
      }
      String content = Digests.sha256Digest(get.body());
      if (answered == null) {
        // the header is optional in the specification; then the digest is that of the content
        answered = content;
      } else if (!answered.equals(content)) {
        return RegistryObservation.error(
            RegistryObservation.REGISTRY,
            "manifest content hashes to " + content + ", the registry says " + answered);
      }
      JsonNode manifest = JSON.readTree(get.body());
      if (manifest.has("manifests")) {
        List<String> architectures = new ArrayList<>();
        manifest
            .path("manifests")
            .forEach(m -> architectures.add(m.path("platform").path("architecture").asString("")));
        architectures.removeIf(String::isEmpty);
        return RegistryObservation.found(answered, null, null, architectures);
      }
      long size = manifest.path("config").path("size").asLong(0);
      for (JsonNode layer : manifest.path("layers")) {
        size += layer.path("size").asLong(0);
      }
      String configDigest = manifest.path("config").path("digest").asString("");
      if (!Digests.isSha256Digest(configDigest)) {
        return RegistryObservation.found(answered, size, null, List.of());
      }
      HttpResponse<byte[]> config =
          call("GET", "/v2/" + reference.repository() + "/blobs/" + configDigest);
      refused = refusal(config, "config blob " + configDigest);
      if (refused.isPresent()) {
        return refused.get();
      }
      JsonNode image = JSON.readTree(config.body());
      Map<String, String> labels = new LinkedHashMap<>();
      image
          .path("config")
          .path("Labels")
          .properties()
          .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
      String arch = image.path("architecture").asString("");
      return RegistryObservation.found(
          answered, size, labels, arch.isEmpty() ? List.of() : List.of(arch));
    }

    /** The observation a non-2xx answer gives, or empty for a 2xx. */
    private Optional<RegistryObservation> refusal(HttpResponse<byte[]> r, String what) {
      int code = r.statusCode();
      if (code >= 200 && code < 300) {
        return Optional.empty();
      }
      if (code == 404) {
        return Optional.of(
            RegistryObservation.notFound(
                what
                    + " not in "
                    + reference.host()
                    + "/"
                    + reference.repository()
                    + " (HTTP 404)"));
      }
      if (code == 401 || code == 403) {
        return Optional.of(
            RegistryObservation.error(
                RegistryObservation.AUTHENTICATION,
                reference.host()
                    + " refused "
                    + (authorization == null ? "an anonymous" : "the configured")
                    + " request for "
                    + what
                    + " (HTTP "
                    + code
                    + ")"));
      }
      return Optional.of(
          RegistryObservation.error(
              RegistryObservation.REGISTRY,
              reference.host() + " answered HTTP " + code + " for " + what));
    }

    /**
     * One call; on a 401 with a {@code Bearer} challenge, obtains a token from its realm (with the
     * Basic credentials when configured) and calls once more.
     */
    private HttpResponse<byte[]> call(String method, String path)
        throws IOException, InterruptedException {
      HttpResponse<byte[]> r = send(method, path);
      if (r.statusCode() == 401 && !host.bearer()) {
        Optional<String> token = token(r.headers().firstValue("WWW-Authenticate").orElse(""));
        if (token.isPresent()) {
          authorization = "Bearer " + token.get();
          r = send(method, path);
        }
      }
      return r;
    }

    private HttpResponse<byte[]> send(String method, String path)
        throws IOException, InterruptedException {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base() + path))
              .timeout(host.timeout())
              .header("Accept", ACCEPT)
              .method(method, HttpRequest.BodyPublishers.noBody());
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      HttpResponse<byte[]> r = exchange(b);
      LOG.debug("{} {}{} -> {}", method, reference.host(), path, r.statusCode());
      return r;
    }

    /** A token from the realm of a {@code Bearer} challenge, or empty when there is none. */
    private Optional<String> token(String challenge) throws IOException, InterruptedException {
      if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return Optional.empty();
      }
      Map<String, String> params = new LinkedHashMap<>();
      Matcher m = CHALLENGE_PARAM.matcher(challenge);
      while (m.find()) {
        params.put(m.group(1), m.group(2));
      }
      String realm = params.get("realm");
      if (realm == null
          || !(realm.startsWith("https://") || (host.plainHttp() && realm.startsWith("http://")))) {
        return Optional.empty();
      }
      StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
      url.append("scope=")
          .append(
              URLEncoder.encode(
                  params.getOrDefault("scope", "repository:" + reference.repository() + ":pull"),
                  StandardCharsets.UTF_8));
      if (params.containsKey("service")) {
        url.append("&service=")
            .append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
      }
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url.toString())).timeout(host.timeout()).GET();
      if (host.basic()) {
        b.header("Authorization", basic(host));
      }
      HttpResponse<byte[]> r = exchange(b);
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode body = JSON.readTree(r.body());
      String token = body.path("token").asString(body.path("access_token").asString(""));
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /**
     * One exchange inside the observation's budget: headers and body together within what is left
     * of {@link #BUDGET} (the gate runs inside a Kafka transaction whose timeout is 10 s), the body
     * at most {@link #MAX_BODY_BYTES}. Either limit answers as a timeout (category NETWORK).
     */
    private HttpResponse<byte[]> exchange(HttpRequest.Builder request)
        throws IOException, InterruptedException {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new HttpTimeoutException(
            "the registry observation's budget of " + BUDGET + " is spent");
      }
      java.time.Duration remaining = java.time.Duration.ofNanos(left);
      request.timeout(host.timeout().compareTo(remaining) < 0 ? host.timeout() : remaining);
      java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> answer =
          http.sendAsync(
              request.build(),
              info ->
                  HttpResponse.BodySubscribers.mapping(
                      HttpResponse.BodySubscribers.ofInputStream(), Session::readBounded));
      try {
        return answer.get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        answer.cancel(true);
        throw new HttpTimeoutException("no complete answer within " + remaining.toMillis() + " ms");
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw new IOException(e.getCause());
      }
    }

    private static byte[] readBounded(java.io.InputStream in) {
      try (in) {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
          throw new java.io.UncheckedIOException(
              new IOException("answer larger than " + MAX_BODY_BYTES + " bytes"));
        }
        return body;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private String base() {
      return (host.plainHttp() ? "http://" : "https://") + reference.host();
    }

    private static String basic(RegistryProperties.Host host) {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (host.username() + ":" + host.password()).getBytes(StandardCharsets.UTF_8));
    }
  }
}
