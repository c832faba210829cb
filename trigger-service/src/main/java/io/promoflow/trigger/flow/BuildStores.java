package io.promoflow.trigger.flow;

import io.promoflow.trigger.domain.BuildRecord;

/**
 * Names of the trigger's build state stores: written by the topology ({@link TriggerTopology}),
 * read by {@link BuildIntake} for the HTTP routes.
 */
public final class BuildStores {

  /** Every recorded build, {@link BuildRecord} by {@code application|version}. */
  public static final String BUILDS = "builds";

  /** GitHub deliveries already recorded: delivery id to the build's {@code application|version}. */
  public static final String DELIVERIES = "github-deliveries";

  private BuildStores() {}
}
