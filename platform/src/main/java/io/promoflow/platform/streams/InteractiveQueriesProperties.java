package io.promoflow.platform.streams;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the instances of one service answer each other's state-store reads ({@link StoreQueries}).
 *
 * @param advertisedHost the host name or address other instances reach this one's HTTP server at;
 *     becomes Kafka Streams' {@code application.server} with the port (default {@code localhost}:
 *     every instance on one machine)
 * @param advertisedPort the port other instances reach this one at; null (default) takes the port
 *     the HTTP server listens on once it has started (so {@code server.port=0} works)
 * @param internalToken the credential instances of this service present to each other on {@code
 *     /internal/**} (every instance of a service must share it; env {@code
 *     PROMOFLOW_STREAMS_INTERNAL_TOKEN}). Without it this instance refuses every internal call
 *     (401) and answers 503 for a read whose key another instance owns. At least 16 characters. A
 *     secret: {@link #toString()} never shows it
 * @param remoteTimeout how long a read waits for another instance before answering 503 (default 3
 *     s)
 */
@ConfigurationProperties("promoflow.streams")
public record InteractiveQueriesProperties(
    @DefaultValue("localhost") String advertisedHost,
    Integer advertisedPort,
    String internalToken,
    @DefaultValue("3s") Duration remoteTimeout) {

  /** Shortest internal token accepted. */
  public static final int MIN_TOKEN_LENGTH = 16;

  public InteractiveQueriesProperties {
    if (advertisedHost == null
        || advertisedHost.isBlank()
        || advertisedHost.contains(":")
        || advertisedHost.contains("/")) {
      throw new IllegalArgumentException(
          "promoflow.streams.advertised-host: a host name or IPv4 address is required, "
              + "was '"
              + advertisedHost
              + "'");
    }
    if (advertisedPort != null && (advertisedPort < 1 || advertisedPort > 65535)) {
      throw new IllegalArgumentException(
          "promoflow.streams.advertised-port: must be 1..65535, was " + advertisedPort);
    }
    internalToken = internalToken == null || internalToken.isBlank() ? null : internalToken.strip();
    if (internalToken != null && internalToken.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "promoflow.streams.internal-token: at least " + MIN_TOKEN_LENGTH + " characters");
    }
    if (remoteTimeout == null || remoteTimeout.isNegative() || remoteTimeout.isZero()) {
      throw new IllegalArgumentException("promoflow.streams.remote-timeout: must be positive");
    }
  }

  @Override
  public String toString() {
    return "InteractiveQueriesProperties[advertisedHost="
        + advertisedHost
        + ", advertisedPort="
        + advertisedPort
        + ", internalToken="
        + (internalToken == null ? "unset" : "set")
        + ", remoteTimeout="
        + remoteTimeout
        + "]";
  }
}
