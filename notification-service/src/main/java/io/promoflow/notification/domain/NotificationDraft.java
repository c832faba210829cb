package io.promoflow.notification.domain;

import io.promoflow.rules.policy.Severity;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notification being composed: what every kind shares (event id and type, the artifact facts
 * Application, Version, Digest and Promotion, in that order) plus what a {@link KindComposer} adds.
 * {@link #build()} refuses a draft without severity or title, so a composer cannot forget them.
 */
public final class NotificationDraft {

  private final EventMetadata meta;
  private final ArtifactRef artifact;
  private final String eventType;
  private final String productionStage;
  private final String cli;
  private final Map<String, String> facts = new LinkedHashMap<>();
  private Severity severity;
  private String title;
  private String stage;
  private String action;
  private List<String> approverRoles = List.of();
  private String approvalId;
  private String releaseId;

  /**
   * @param meta the event's metadata; its artifact must be present
   * @param productionStage the policy's production stage (approvals and promotions into it weigh
   *     more)
   * @param cli how the CLI is invoked, shown in actions
   */
  NotificationDraft(EventMetadata meta, String eventType, String productionStage, String cli) {
    this.meta = meta;
    this.artifact = meta.getArtifact();
    this.eventType = eventType;
    this.productionStage = productionStage;
    this.cli = cli;
    facts.put("Application", artifact.getApplication());
    facts.put("Version", artifact.getVersion());
    facts.put("Digest", artifact.getDigest());
    if (meta.getPromotionId() != null) {
      facts.put("Promotion", meta.getPromotionId());
    }
  }

  /** {@code <application> <version>}, how titles name the artifact. */
  public String artifact() {
    return artifact.getApplication() + " " + artifact.getVersion();
  }

  public String application() {
    return artifact.getApplication();
  }

  public String version() {
    return artifact.getVersion();
  }

  /** The principal or service that caused the event. */
  public String actor() {
    return meta.getActor();
  }

  /** How the CLI is invoked, e.g. {@code ./promoflow}. */
  public String cli() {
    return cli;
  }

  /** True when {@code stage} is the policy's production stage. */
  public boolean isProduction(String stage) {
    return productionStage.equals(stage);
  }

  public NotificationDraft severity(Severity severity) {
    this.severity = severity;
    return this;
  }

  public NotificationDraft title(String title) {
    this.title = title;
    return this;
  }

  /** The stage the event concerns (routes may match on it). */
  public NotificationDraft stage(String stage) {
    this.stage = stage;
    return this;
  }

  /** What the reader should do, e.g. the CLI command to approve. */
  public NotificationDraft action(String action) {
    this.action = action;
    return this;
  }

  /**
   * Roles that may decide the approval the event is about (routes with {@code approvers: true} mail
   * them).
   */
  public NotificationDraft approverRoles(List<String> roles) {
    this.approverRoles = roles;
    return this;
  }

  /**
   * The approval the reader is asked to decide (Slack buttons and the e-mail's console link act on
   * it).
   */
  public NotificationDraft approvalId(String approvalId) {
    this.approvalId = approvalId;
    return this;
  }

  /**
   * The platform release the approval belongs to: it is decided as a whole, so Slack's buttons
   * decide the release.
   */
  public NotificationDraft releaseId(String releaseId) {
    this.releaseId = releaseId;
    return this;
  }

  /** Adds the labelled fact after those already there. */
  public NotificationDraft fact(String label, String value) {
    facts.put(label, value);
    return this;
  }

  /**
   * The notification.
   *
   * @throws IllegalStateException when the composer set no severity or no title
   */
  Notification build() {
    if (severity == null || title == null) {
      throw new IllegalStateException(
          "the composer of " + eventType + " set no " + (severity == null ? "severity" : "title"));
    }
    return new Notification(
        meta.getEventId(),
        eventType,
        severity,
        artifact.getApplication(),
        meta.getPromotionId(),
        stage,
        title,
        facts,
        action,
        approverRoles,
        approvalId,
        releaseId);
  }
}
