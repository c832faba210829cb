package io.promoflow.trigger.domain;

/** Input shapes shared by the trigger's routes. */
public final class Patterns {

  public static final String APPLICATION = "[a-z0-9][a-z0-9._-]{0,99}";
  public static final String APPLICATION_MESSAGE =
      "lower-case letters, digits, . _ - (at most 100)";

  /** sha256:<64 hex> for a binary or image, sha1:<40 hex> for a git commit promoted as source. */
  public static final String DIGEST = "sha256:[0-9a-f]{64}|sha1:[0-9a-f]{40}";

  public static final String DIGEST_MESSAGE = "sha256:<64 hex> or sha1:<40 hex>";

  private Patterns() {}
}
