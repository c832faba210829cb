package io.promoflow.console.domain.proxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers a proxy passes on: every end-to-end header, never a hop-by-hop one (RFC 9110
 * section 7.6.1: {@code Connection}, the headers it names, {@code Keep-Alive}, {@code
 * Proxy-Connection}, {@code TE}, {@code Transfer-Encoding}, {@code Upgrade}, {@code Trailer}, plus
 * {@code Proxy-Authenticate}/{@code Proxy-Authorization} which concern this hop). {@code Host} and
 * {@code Content-Length} are set again by the next hop for its own connection and body; {@code
 * Cookie} (the console's session) never leaves the console.
 */
public final class HopByHop {

  private static final Set<String> DROPPED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          // the JDK client refuses to set these itself; the next hop decides them
          "expect",
          // the board's session cookie is the console's own: the services authenticate the
          // bearer token and must never see a session they could replay
          "cookie");

  private HopByHop() {}

  /** {@code headers} without the hop-by-hop ones (names compared case-insensitively). */
  public static Map<String, List<String>> endToEnd(Map<String, List<String>> headers) {
    Set<String> named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> {
          if ("connection".equalsIgnoreCase(name)) {
            for (String v : values) {
              for (String token : v.split(",")) {
                named.add(token.strip());
              }
            }
          }
        });
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          if (name != null
              && !DROPPED.contains(name.toLowerCase(Locale.ROOT))
              && !named.contains(name)) {
            out.put(name, List.copyOf(values));
          }
        });
    return out;
  }
}
