package io.promoflow.cli.audit;

import io.promoflow.rules.keys.ApplicationVersion;
import io.promoflow.rules.keys.AuditChainKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rebuilds, from the audit chain alone, the audit record of every promotion (promotion model,
 * "Promotion Audit Trail": artifact with source commit, stages, requested/approved/completed times,
 * approvers, pipeline run, verification results, status) plus its full event timeline. A promotion
 * made under a platform release (a component promotion, {@code PromotionRequested.release}) also
 * names its {@code release} and carries {@code releaseTimeline}: the events of that release's own
 * chain ({@code release:<releaseId>}, RELEASES.md point 6: created, release gates, promotions,
 * failures, rollbacks, train phases), whatever application filter is given.
 */
public final class AuditExport {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private AuditExport() {}

  /**
   * The promotions of {@code application} (all when null) requested in [{@code from}, {@code to})
   * (open when null), oldest first.
   */
  public static List<Map<String, Object>> promotions(
      List<AuditTopicReader.Read> chain, String application, Instant from, Instant to) {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    Map<String, JsonNode> builds = new LinkedHashMap<>();
    Map<String, List<Map<String, Object>>> releases = new LinkedHashMap<>();
    for (AuditTopicReader.Read read : chain) {
      String key = read.entry().application();
      if (read.envelope() != null && key != null && key.startsWith(AuditChainKey.RELEASE_PREFIX)) {
        // a release's chain: read before the application filter, its promotions may be filtered
        var record = read.entry().record();
        JsonNode meta = JSON.readTree(record.getContent()).path("meta");
        releases
            .computeIfAbsent(
                key.substring(AuditChainKey.RELEASE_PREFIX.length()), r -> new ArrayList<>())
            .add(entry(meta, record.getSubjectEventType(), record.getSequence()));
        continue;
      }
      if (read.envelope() == null || application != null && !application.equals(key)) {
        continue;
      }
      var record = read.entry().record();
      JsonNode event = JSON.readTree(record.getContent());
      JsonNode meta = event.path("meta");
      JsonNode payload = event.path("payload");
      String type = record.getSubjectEventType();
      String version = meta.path("artifact").path("version").asString("");
      if (type.equals("BuildCompleted")) {
        builds.putIfAbsent(
            ApplicationVersion.of(read.entry().application(), version).value(), payload);
        continue;
      }
      String id = meta.path("promotionId").asString(null);
      if (id == null) {
        continue;
      }
      Map<String, Object> p =
          byId.computeIfAbsent(id, k -> start(k, read.entry().application(), meta));
      String at = meta.path("occurredAt").asString();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> timeline = (List<Map<String, Object>>) p.get("timeline");
      timeline.add(entry(meta, type, record.getSequence()));
      switch (type) {
        case "PromotionRequested" -> {
          p.put("type", payload.path("type").asString());
          p.put("sourceStage", payload.path("sourceStage").asString(null));
          p.put("targetStage", payload.path("targetStage").asString());
          p.put("requestedBy", payload.path("requestedBy").asString());
          // the change request it was made under (issue 18 point 4), null when none
          p.put("changeRequestId", payload.path("changeRequestId").asString(null));
          p.put("requestedAt", at);
          JsonNode release = payload.path("release");
          if (release.isObject()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("releaseId", release.path("releaseId").asString(null));
            r.put("version", release.path("version").asString(null));
            r.put("type", release.path("type").asString(null));
            p.put("release", r);
          }
        }
        case "GatesEvaluated" -> p.put("policyDigest", meta.path("policyDigest").asString(null));
        case "ApprovalGranted" -> {
          p.put("approvedAt", at);
          List<String> approvers = new ArrayList<>();
          payload.path("approvers").forEach(a -> approvers.add(a.asString()));
          p.put("approvers", approvers);
          p.put("approver", String.join(", ", approvers));
        }
        case "StagePromoted" -> {
          p.put("completedAt", at);
          p.put("status", "SUCCESS");
        }
        case "PromotionBlocked" -> {
          p.put("completedAt", at);
          p.put("status", payload.path("outcome").asString());
        }
        case "PromotionFailed" -> {
          p.put("completedAt", at);
          p.put("status", "FAILED");
        }
        case "VerificationPassed", "VerificationFailed" -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> results = (Map<String, Object>) p.get("verificationResults");
          results.put(
              payload.path("stage").asString(),
              type.equals("VerificationPassed") ? "PASSED" : "FAILED");
        }
        default -> {
          // other events are on the timeline only
        }
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> p : byId.values()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> artifact = (Map<String, Object>) p.get("artifact");
      JsonNode build =
          builds.get(
              ApplicationVersion.of((String) p.get("application"), (String) artifact.get("version"))
                  .value());
      artifact.put(
          "sourceCommit", build == null ? null : build.path("sourceCommit").asString(null));
      p.put("pipelineRunId", build == null ? null : build.path("pipelineRunId").asString(null));
      if (p.get("release") instanceof Map<?, ?> release) {
        p.put("releaseTimeline", releases.getOrDefault(release.get("releaseId"), List.of()));
      }
      Object requestedAt = p.get("requestedAt");
      Instant requested = requestedAt == null ? null : Instant.parse((String) requestedAt);
      if (requested != null
          && (from != null && requested.isBefore(from) || to != null && !requested.isBefore(to))) {
        continue;
      }
      out.add(p);
    }
    return out;
  }

  /** One timeline entry: when, which event, by whom, its id and chain sequence. */
  private static Map<String, Object> entry(JsonNode meta, String type, long sequence) {
    return Map.of(
        "at",
        meta.path("occurredAt").asString(),
        "event",
        type,
        "actor",
        meta.path("actor").asString(),
        "eventId",
        meta.path("eventId").asString(),
        "sequence",
        sequence);
  }

  private static Map<String, Object> start(String id, String application, JsonNode meta) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("promotionId", id);
    p.put("application", application);
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("name", application);
    artifact.put("version", meta.path("artifact").path("version").asString());
    artifact.put("digest", meta.path("artifact").path("digest").asString());
    p.put("artifact", artifact);
    p.put("status", "IN_PROGRESS");
    p.put("verificationResults", new LinkedHashMap<String, Object>());
    p.put("timeline", new ArrayList<Map<String, Object>>());
    return p;
  }

  /** One CSV line per promotion (timeline left out), with a header. */
  @SuppressWarnings("unchecked")
  public static String csv(List<Map<String, Object>> promotions) {
    String[] columns = {
      "promotionId",
      "application",
      "version",
      "digest",
      "sourceCommit",
      "type",
      "sourceStage",
      "targetStage",
      "requestedBy",
      "requestedAt",
      "approver",
      "approvedAt",
      "completedAt",
      "pipelineRunId",
      "status",
      "policyDigest",
      "changeRequestId",
      "releaseId"
    };
    StringBuilder out = new StringBuilder(String.join(",", columns)).append('\n');
    for (Map<String, Object> p : promotions) {
      Map<String, Object> artifact = (Map<String, Object>) p.get("artifact");
      List<String> row = new ArrayList<>();
      for (String c : columns) {
        Object v =
            switch (c) {
              case "version", "digest", "sourceCommit" -> artifact.get(c);
              case "releaseId" ->
                  p.get("release") instanceof Map<?, ?> release ? release.get("releaseId") : null;
              default -> p.get(c);
            };
        String s = v == null ? "" : v.toString();
        row.add(s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
      }
      out.append(String.join(",", row)).append('\n');
    }
    return out.toString();
  }
}
