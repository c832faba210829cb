package io.promoflow.console.domain.dora;

/**
 * The DORA figures of one stage (of one application, or of every application together) over one
 * window. A figure that has no sample in the window is null (unknown), never 0: an empty window has
 * {@code promotions} 0, {@code deploymentFrequencyPerDay} 0 and every other figure null.
 *
 * @param deploymentFrequencyPerDay promotions into the stage per day of the window
 * @param leadTimeForChangesP50Ms median ms from a change's build (its commit time when known) to
 *     its promotion into the stage
 * @param leadTimeForChangesP90Ms 90th percentile of the same, ms
 * @param changeFailureRate share (0..1) of the window's promotions followed by a failed
 *     verification or a rollback in the stage before the next promotion into it
 * @param timeToRestoreP50Ms median ms from a failed verification in the stage to the next passed
 *     one, over the restores in the window
 * @param approvalWaitP50Ms median ms from an approval's request to its decision (or expiry)
 * @param approvalWaitP90Ms 90th percentile of the same, ms
 * @param promotionSuccessRate share (0..1) of the promotions into the stage that ended in the
 *     window and ended promoted
 * @param promotions promotions into the stage in the window (changes; rollbacks are not counted)
 */
public record DoraFigures(
    double deploymentFrequencyPerDay,
    Long leadTimeForChangesP50Ms,
    Long leadTimeForChangesP90Ms,
    Double changeFailureRate,
    Long timeToRestoreP50Ms,
    Long approvalWaitP50Ms,
    Long approvalWaitP90Ms,
    Double promotionSuccessRate,
    long promotions) {}
