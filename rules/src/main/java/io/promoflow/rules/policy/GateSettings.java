package io.promoflow.rules.policy;

import java.time.Duration;

/**
 * How the gate service waits for the facts a promotion request needs ({@code gates} at the top
 * level of the policy).
 *
 * @param factsTimeout how long a request waits for its build record (and, for an automatic request,
 *     the verification in its source stage) to reach the gate service before it is decided without
 *     them; a request whose build never arrives is then blocked with "build &lt;app&gt;
 *     &lt;version&gt; never recorded". Default {@link #DEFAULT_FACTS_TIMEOUT}
 */
public record GateSettings(Duration factsTimeout) {

  /**
   * 10 minutes: far longer than any lag between two topics of a healthy broker, short enough to be
   * seen.
   */
  public static final Duration DEFAULT_FACTS_TIMEOUT = Duration.ofMinutes(10);

  /** The settings of a policy without a {@code gates} key. */
  public static final GateSettings DEFAULTS = new GateSettings(null);

  public GateSettings {
    factsTimeout = factsTimeout == null ? DEFAULT_FACTS_TIMEOUT : factsTimeout;
  }
}
