package io.promoflow.rules.release;

import java.util.Optional;
import java.util.regex.Pattern;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * Whether a component version satisfies a SemVer range another component of a platform release
 * requires (GitHub issue 18 point 1, "compatibility"; reference release-management-guide.md
 * "Compatibility analysis"). Ranges are npm's (node-semver) as semver4j reads them: {@code >=1.4
 * <2}, {@code ^1.4}, {@code ~1.4.2}, {@code 1.x}, {@code 1.2.3 - 1.4.0}, alternatives joined by
 * {@code ||}.
 *
 * <p>Versions: a strict SemVer ({@code 1.4.2}, {@code 1.4.2-rc.1}) as it is; a loose one that
 * starts with a number, optionally after {@code v} ({@code 1.4}, {@code v1.5}), coerced by semver4j
 * to {@code 1.4.0}. As in npm, a pre-release ({@code 1.4.2-rc.1}) satisfies no range that does not
 * name a pre-release of the same version.
 *
 * <p>Fail closed: a version that is neither, or a range semver4j cannot read (it reads {@code
 * garbage} as a range no version satisfies, and silently drops unknown words from {@code >=1.4
 * garbage}, so every word of a range is checked first), is never satisfied, and the result says
 * why.
 */
public final class Compatibility {

  /** One comparator of a range: an operator, then a version with {@code x}/{@code *} parts. */
  private static final Pattern COMPARATOR =
      Pattern.compile(
          "(\\^|~>?|>=|<=|>|<|=)?\\s*[vV=]?(\\d+|[xX*])(\\.(\\d+|[xX*])){0,2}"
              + "(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

  /** A loose version semver4j may coerce: a number first (after an optional {@code v}). */
  private static final Pattern LOOSE =
      Pattern.compile("[vV]?\\d+(\\.\\d+){0,3}([-+.][0-9A-Za-z.+-]*)?");

  private Compatibility() {}

  /**
   * The outcome of one check.
   *
   * @param satisfied true only when both parsed and the version is in the range
   * @param version the version as read ({@code 1.4.0} for {@code 1.4}), null when unreadable
   * @param reason why, for the gate's result
   */
  public record Check(boolean satisfied, String version, String reason) {}

  /**
   * Checks {@code version} against {@code range}.
   *
   * @param version a component version, may be null (then not satisfied)
   * @param range an npm-style range, may be null (then not satisfied)
   */
  public static Check check(String version, String range) {
    Optional<Semver> v = version(version);
    if (v.isEmpty()) {
      return new Check(false, null, "version " + version + " is not a SemVer version");
    }
    Optional<RangesList> r = range(range);
    if (r.isEmpty()) {
      return new Check(false, v.get().getVersion(), "range '" + range + "' cannot be read");
    }
    boolean in = v.get().satisfies(r.get());
    return new Check(
        in,
        v.get().getVersion(),
        version + (in ? " satisfies " : " does not satisfy ") + "'" + range + "'");
  }

  /** Whether {@code range} is a range this class reads (used to refuse bad evidence early). */
  public static boolean validRange(String range) {
    return range(range).isPresent();
  }

  /** {@code version} read strictly, else coerced when it looks like a loose version; else empty. */
  public static Optional<Semver> version(String version) {
    if (version == null || version.isBlank() || version.length() > 256) {
      return Optional.empty();
    }
    Semver strict = Semver.parse(version);
    if (strict != null) {
      return Optional.of(strict);
    }
    if (!LOOSE.matcher(version).matches()) {
      return Optional.empty();
    }
    return Optional.ofNullable(Semver.coerce(version));
  }

  /** {@code range} read by semver4j when every word of it is a comparator, else empty. */
  static Optional<RangesList> range(String range) {
    if (range == null || range.isBlank() || range.length() > 256) {
      return Optional.empty();
    }
    for (String alternative : range.split("\\|\\|", -1)) {
      String a = alternative.strip();
      if (a.isEmpty()) {
        return Optional.empty();
      }
      String[] hyphen = a.split("\\s+-\\s+", -1);
      if (hyphen.length > 2) {
        return Optional.empty();
      }
      for (String part : hyphen) {
        // operators may be followed by a space (">= 1.4"): glue them before splitting into words
        String glued = part.strip().replaceAll("(\\^|~>?|>=|<=|>|<|=)\\s+", "$1");
        for (String word : glued.split("\\s+")) {
          if (!COMPARATOR.matcher(word).matches()) {
            return Optional.empty();
          }
        }
      }
    }
    try {
      RangesList list = RangesListFactory.create(range);
      return list.get().isEmpty() ? Optional.empty() : Optional.of(list);
    } catch (RuntimeException unreadable) {
      // semver4j throws SemverException (and, for odd input, others): unreadable, refused
      return Optional.empty();
    }
  }
}
