package io.promoflow.rules.policy;

import java.time.Duration;

/**
 * One stage: how long a promoted version is watched, how long it must stay verified before leaving,
 * what counts as unhealthy and what happens on failure.
 *
 * @param name stage name, upper case (DEV, QA, STAGING, PROD)
 * @param monitoringWindow opened on {@code StagePromoted}; the version is verified when it closes
 *     without a failure
 * @param soakTime minimum time a version stays verified here before promotion out of this stage
 * @param verification health thresholds of the monitoring window
 * @param rollback what a failed verification does
 * @param supersede {@code latest-wins}: a newer version awaiting approval for this stage supersedes
 *     older waiting requests (they end SUPERSEDED); {@code queue}: they all stay
 * @param deploymentWindows when promotions into the stage may run; empty: any time
 * @param freezes periods without promotions into the stage
 */
public record StagePolicy(
    String name,
    Duration monitoringWindow,
    Duration soakTime,
    VerificationPolicy verification,
    RollbackPolicy rollback,
    Supersede supersede,
    java.util.List<DeploymentWindow> deploymentWindows,
    java.util.List<Freeze> freezes) {

  public StagePolicy {
    deploymentWindows =
        deploymentWindows == null ? java.util.List.of() : java.util.List.copyOf(deploymentWindows);
    freezes = freezes == null ? java.util.List.of() : java.util.List.copyOf(freezes);
    soakTime = soakTime == null ? Duration.ZERO : soakTime;
    verification = verification == null ? VerificationPolicy.DEFAULTS : verification;
    rollback = rollback == null ? RollbackPolicy.DEFAULTS : rollback;
    supersede = supersede == null ? Supersede.LATEST_WINS : supersede;
  }

  /** How a newer request treats older waiting ones. */
  public enum Supersede {
    @com.fasterxml.jackson.annotation.JsonProperty("latest-wins")
    LATEST_WINS,
    @com.fasterxml.jackson.annotation.JsonProperty("queue")
    QUEUE
  }
}
