package io.promoflow.rules.keys;

import java.util.ArrayList;
import java.util.List;

/**
 * The one format of Promoflow's composite keys (state stores, in-memory indexes, the delivery key
 * recorded on {@code promoflow.notifications.v1}): components joined by {@value #SEPARATOR}, byte
 * for byte what the services wrote before these types existed, so stores and changelogs of existing
 * data keep working.
 *
 * <p>The rule that keeps a key unambiguous: a component is never null and never contains the
 * separator, except at most one component per key type that may (its other components never do, so
 * it is whatever lies between them). That free component exists only where real values contain
 * {@code |}: an approver's principal name (OIDC subjects such as {@code auth0|123}), a notification
 * recipient (an e-mail local part may contain {@code |}) and a delivery key read back from the
 * topic. Application names ({@code [a-z0-9][a-z0-9._-]{0,99}} on trigger-service's routes),
 * versions ({@code [A-Za-z0-9][A-Za-z0-9._+-]*}), stage names ({@code [A-Z][A-Z0-9_]*}, policy
 * validator), ids (UUIDs, {@code apr-<UUID>}) and channels never contain it; a record that names
 * one with a {@code |} anyway (a CI principal producing to the builds topic directly) is refused
 * with {@link MalformedKeyException} (in a topology: sent to the dead-letter topic with the reason)
 * instead of sharing, or prefix-matching, another key. An empty component is allowed: it is
 * unambiguous.
 */
public final class KeyFormat {

  /** Separates the components of a composite key. */
  public static final char SEPARATOR = '|';

  private KeyFormat() {}

  /** {@code value} when it is a valid fixed component: not null, no separator. */
  static String fixed(String type, String name, String value) {
    String v = free(type, name, value);
    if (v.indexOf(SEPARATOR) >= 0) {
      throw new MalformedKeyException(
          type + "." + name + " must not contain '" + SEPARATOR + "' (was \"" + v + "\")");
    }
    return v;
  }

  /** {@code value} when it is a valid free component (may contain the separator): not null. */
  static String free(String type, String name, String value) {
    if (value == null) {
      throw new MalformedKeyException(type + "." + name + " is required (was null)");
    }
    return value;
  }

  /** The components joined by the separator. */
  static String join(String... components) {
    return String.join(String.valueOf(SEPARATOR), components);
  }

  /**
   * Splits {@code key} into exactly {@code count} components.
   *
   * @param free the index of the one component that may contain the separator, or -1 when none may
   * @param shape the key's format for the error message, e.g. {@code <application>|<version>}
   * @throws MalformedKeyException when {@code key} is null or has another number of components
   */
  static List<String> split(String type, String shape, String key, int count, int free) {
    if (key == null) {
      throw new MalformedKeyException("malformed " + type + " key: null, expected " + shape);
    }
    List<String> parts = new ArrayList<>();
    int start = 0;
    int end = key.length();
    int head = free < 0 ? count - 1 : free;
    for (int i = 0; i < head; i++) {
      int at = key.indexOf(SEPARATOR, start);
      if (at < 0) {
        throw malformed(type, shape, key, count);
      }
      parts.add(key.substring(start, at));
      start = at + 1;
    }
    List<String> tail = new ArrayList<>();
    for (int i = head + 1; i < count; i++) {
      int at = key.lastIndexOf(SEPARATOR, end - 1);
      if (at < start) {
        throw malformed(type, shape, key, count);
      }
      tail.add(0, key.substring(at + 1, end));
      end = at;
    }
    String middle = key.substring(start, end);
    if (free < 0 && middle.indexOf(SEPARATOR) >= 0) {
      throw malformed(type, shape, key, count);
    }
    parts.add(middle);
    parts.addAll(tail);
    return parts;
  }

  private static MalformedKeyException malformed(String type, String shape, String key, int count) {
    return new MalformedKeyException(
        "malformed "
            + type
            + " key \""
            + key
            + "\": expected "
            + shape
            + " ("
            + count
            + " components separated by '"
            + SEPARATOR
            + "')");
  }
}
