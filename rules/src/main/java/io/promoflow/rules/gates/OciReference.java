package io.promoflow.rules.gates;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code oci://} artifact location: {@code oci://<host>[:port]/<repository>[:tag][@<digest>]},
 * e.g. {@code oci://registry.example.com/bookverse/inventory@sha256:…}. The repository follows the
 * OCI Distribution specification's name grammar (lower-case path components).
 *
 * @param host registry host, with its port when the uri names one ({@code localhost:5000})
 * @param repository repository name ({@code bookverse/inventory})
 * @param digest the digest the uri pins, or null when it names a tag or nothing
 */
public record OciReference(String host, String repository, String digest) {

  /** The scheme of a registry artifact. */
  public static final String SCHEME = "oci://";

  private static final Pattern FORM =
      Pattern.compile(
          "oci://([A-Za-z0-9.-]+(?::[0-9]{1,5})?)/"
              + "([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
              + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
              + "(?:@([a-z0-9]+:[A-Za-z0-9=_-]+))?");

  /**
   * Schemes of artifacts that live outside any container registry (a file server, an object store):
   * the registry gate does not apply to them. Any other location, a scheme-less {@code
   * registry.example.com/app@sha256:…} or {@code docker://} included, is treated as a registry
   * image that must be named {@code oci://} (fail closed: an unrecognised location never passes as
   * "not applicable").
   */
  public static final java.util.Set<String> NOT_REGISTRY_SCHEMES =
      java.util.Set.of("https", "http", "s3", "gs", "az", "file");

  /**
   * True when {@code uri} names an OCI registry artifact (whether or not it is well formed). URI
   * schemes are case-insensitive (RFC 3986 §3.1): {@code OCI://…} is one too.
   */
  public static boolean isOci(String uri) {
    return uri != null && uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * True when {@code uri} names an artifact outside any registry: its scheme (case-insensitive) is
   * one of {@link #NOT_REGISTRY_SCHEMES}.
   */
  public static boolean isOutsideAnyRegistry(String uri) {
    if (uri == null) {
      return false;
    }
    int colon = uri.indexOf("://");
    return colon > 0
        && NOT_REGISTRY_SCHEMES.contains(
            uri.substring(0, colon).toLowerCase(java.util.Locale.ROOT));
  }

  /** The reference in {@code uri}, or empty when it is not a well-formed {@code oci://} uri. */
  public static Optional<OciReference> parse(String uri) {
    if (uri == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(uri);
    return m.matches()
        ? Optional.of(new OciReference(m.group(1), m.group(2), m.group(3)))
        : Optional.empty();
  }
}
