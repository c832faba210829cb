package io.promoflow.notification.domain;

import io.promoflow.rules.policy.Severity;
import java.util.List;
import java.util.Map;

/**
 * A message about one event, before it is rendered for a channel.
 *
 * @param eventId the subject event; deliveries are idempotent by it
 * @param eventType e.g. {@code ApprovalRequested}
 * @param stage the stage the event concerns, or null
 * @param title one line: application, version, stage and outcome
 * @param facts ordered label → value pairs (artifact, digest, requester, deadline, ...)
 * @param action what the reader should do, e.g. the CLI command to approve; null when nothing
 * @param approverRoles roles that may decide the approval the event is about; empty otherwise
 * @param approvalId the approval a reader is asked to decide (requests, reminders, escalations:
 *     Slack's Approve / Reject buttons and the e-mail's link to the console), or null
 * @param releaseId the platform release whose one approval that approval is part of (decided as a
 *     whole: Slack's buttons decide the release), or null
 */
public record Notification(
    String eventId,
    String eventType,
    Severity severity,
    String application,
    String promotionId,
    String stage,
    String title,
    Map<String, String> facts,
    String action,
    List<String> approverRoles,
    String approvalId,
    String releaseId) {}
