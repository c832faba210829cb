package io.promoflow.notification.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The table of event kinds: a {@link KindComposer} for every kind that is notified, and the kinds
 * deliberately not notified. A kind is in at most one of the two; registering it twice is a
 * programming error and fails at class initialisation, not on the first such event.
 */
public final class NotificationKinds {

  private final Map<Class<?>, KindComposer<?>> composers = new LinkedHashMap<>();
  private final Set<Class<?>> silent = new LinkedHashSet<>();

  /** Notifies every {@code kind} event through {@code composer}. */
  public <T> NotificationKinds notify(Class<T> kind, KindComposer<T> composer) {
    requireNew(kind);
    composers.put(kind, composer);
    return this;
  }

  /** Declares {@code kinds} as not notified (nobody needs to act on them). */
  public NotificationKinds silent(Class<?>... kinds) {
    for (Class<?> kind : kinds) {
      requireNew(kind);
      silent.add(kind);
    }
    return this;
  }

  /** The composer of {@code kind}, or null when it has none. */
  @SuppressWarnings("unchecked") // notify(...) only pairs a class with a composer of that class
  <T> KindComposer<T> composer(Class<? extends T> kind) {
    return (KindComposer<T>) composers.get(kind);
  }

  /** Kinds with a composer. */
  public Set<Class<?>> notified() {
    return Collections.unmodifiableSet(composers.keySet());
  }

  /** Kinds declared not notified. */
  public Set<Class<?>> silent() {
    return Collections.unmodifiableSet(silent);
  }

  private void requireNew(Class<?> kind) {
    if (composers.containsKey(kind) || silent.contains(kind)) {
      throw new IllegalStateException(
          kind.getSimpleName() + " is registered twice in the notification kinds");
    }
  }
}
