package io.promoflow.trigger.build;

/**
 * Names of the trigger's build state stores: written by the topology ({@code trigger.flow.TriggerTopology}), read by
 * {@link BuildIntake} for the HTTP routes. They live here, beside {@link BuildRecord}, so that {@code trigger.flow}
 * depends on {@code trigger.build} and never the other way round (no package cycle; ArchitectureTest).
 */
public final class BuildStores {

  /** Every recorded build, {@link BuildRecord} by {@code application|version}. */
  public static final String BUILDS = "builds";
  /** GitHub deliveries already recorded: delivery id to the build's {@code application|version}. */
  public static final String DELIVERIES = "github-deliveries";

  private BuildStores() {
  }
}
