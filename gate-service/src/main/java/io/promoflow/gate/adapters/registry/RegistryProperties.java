package io.promoflow.gate.adapters.registry;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the {@code registry} gate reaches registries: {@code promoflow.registries.<host>.*}, the host
 * as written in the artifact's {@code oci://} uri, with its port (in YAML a key with dots or a
 * colon is bracketed: {@code "[registry.example.com]"}, {@code "[localhost:5000]"}). Only listed
 * hosts are asked (an entry may be empty for an anonymous registry: {@code "[ghcr.io]": {}}): the
 * artifact's uri comes from CI, and a registry CI chose itself would prove nothing about what
 * enters a stage, so an unlisted host fails the gate ({@code AUTHENTICATION}) without a call.
 *
 * @param registries settings per registry host
 */
@ConfigurationProperties("promoflow")
public record RegistryProperties(Map<String, Host> registries) {

  public RegistryProperties {
    registries = registries == null ? Map.of() : Map.copyOf(registries);
  }

  /** The settings of {@code host}, or empty when it is not a trusted (listed) registry. */
  public java.util.Optional<Host> host(String host) {
    return java.util.Optional.ofNullable(registries.get(host));
  }

  /**
   * One registry host. Credentials are sent only to this host and never logged or recorded.
   *
   * @param username with {@code password}: HTTP Basic, also used to obtain a bearer token when the
   *     registry answers with a {@code Bearer} challenge
   * @param password see {@code username}
   * @param token a bearer token sent as is (instead of username and password)
   * @param plainHttp talk HTTP instead of HTTPS (a registry on a private network or in a test)
   * @param timeout time limit of each call, connect and answer
   */
  public record Host(
      String username,
      String password,
      String token,
      @DefaultValue("false") boolean plainHttp,
      @DefaultValue("10s") Duration timeout) {

    /** No credentials, HTTPS, 10 s. */
    public static final Host ANONYMOUS = new Host(null, null, null, false, Duration.ofSeconds(10));

    public Host {
      timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    boolean basic() {
      return username != null && !username.isBlank() && password != null;
    }

    boolean bearer() {
      return token != null && !token.isBlank();
    }

    /** Never the secrets. */
    @Override
    public String toString() {
      return "Host[user=" + username + ", plainHttp=" + plainHttp + ", timeout=" + timeout + "]";
    }
  }
}
