package io.promoflow.gate.adapters.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.promoflow.schemas.Digests;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A real CNCF distribution registry (Debian's {@code docker-registry}) on a free local port, with
 * its storage under {@code target/}, optionally behind htpasswd Basic authentication; and the
 * pushes of the OCI Distribution API (blob upload: {@code POST} then {@code PUT ?digest=}; manifest
 * {@code PUT}).
 */
final class LocalRegistry implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/docker-registry");
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  final int port;
  private final Process process;
  private final String authorization;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * Starts a registry; {@code user}/{@code password} non-null: with htpasswd authentication (the
   * bcrypt hash made here).
   */
  LocalRegistry(String user, String password) throws Exception {
    port = freePort();
    Path dir = Path.of("target", "registry-" + UUID.randomUUID());
    Files.createDirectories(dir.resolve("data"));
    StringBuilder config =
        new StringBuilder()
            .append("version: 0.1\n")
            .append("log: {level: warn}\n")
            .append("storage:\n  filesystem: {rootdirectory: ")
            .append(dir.resolve("data").toAbsolutePath())
            .append("}\n")
            .append("http: {addr: '127.0.0.1:")
            .append(port)
            .append("', secret: local-test-secret}\n");
    if (user != null) {
      String hash = new BCryptPasswordEncoder().encode(password);
      Files.writeString(dir.resolve("htpasswd"), user + ":" + hash + "\n");
      config
          .append("auth:\n  htpasswd: {realm: promoflow-test, path: ")
          .append(dir.resolve("htpasswd").toAbsolutePath())
          .append("}\n");
      authorization =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    } else {
      authorization = null;
    }
    Path file = dir.resolve("config.yml");
    Files.writeString(file, config.toString());
    process =
        new ProcessBuilder(BINARY.toString(), "serve", file.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> send(get("/v2/")).statusCode() == 200);
  }

  String host() {
    return "127.0.0.1:" + port;
  }

  /** Uploads {@code content} as a blob of {@code repository}; its digest. */
  String pushBlob(String repository, byte[] content) throws Exception {
    HttpResponse<byte[]> start =
        send(
            request("/v2/" + repository + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(start.statusCode()).as("upload started").isEqualTo(202);
    String location = start.headers().firstValue("Location").orElseThrow();
    String digest = Digests.sha256Digest(content);
    URI put =
        URI.create("http://" + host() + "/")
            .resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + digest);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(put)
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    assertThat(send(b).statusCode()).as("blob stored").isEqualTo(201);
    return digest;
  }

  /**
   * Pushes a minimal OCI image (one layer, a config with {@code architecture} and one label) under
   * {@code tag}; the manifest's digest as the registry answered it.
   */
  String pushImage(String repository, String tag) throws Exception {
    byte[] layer = ("layer of " + repository + " " + tag).getBytes(StandardCharsets.UTF_8);
    String layerDigest = pushBlob(repository, layer);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":"
                + "{\"org.opencontainers.image.source\":\"https://github.com/promoflow/demo\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layerDigest
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = pushBlob(repository, config);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + configDigest
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                + "\"digest\":\""
                + layerDigest
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> put =
        send(
            request("/v2/" + repository + "/manifests/" + tag)
                .header("Content-Type", OCI_MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
    assertThat(put.statusCode()).as("manifest stored").isEqualTo(201);
    String digest = put.headers().firstValue("Docker-Content-Digest").orElseThrow();
    assertThat(digest).isEqualTo(Digests.sha256Digest(manifest));
    imageSize = config.length + layer.length;
    return digest;
  }

  /** Bytes of config and layer of the last image pushed. */
  long imageSize;

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host() + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
