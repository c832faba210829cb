package io.promoflow.trigger.api;

import io.promoflow.platform.security.Caller;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.trigger.EvidenceLimits;
import io.promoflow.trigger.domain.EvidenceArchive;
import io.promoflow.trigger.flow.BuildIntake;
import jakarta.validation.Valid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * CI's native API: {@code POST /api/v1/builds} and large evidence as multipart (role {@code ci}).
 */
@RestController
public class BuildController {

  private final BuildIntake intake;
  private final EvidenceDocuments documents;
  private final EvidenceArchive store;

  public BuildController(BuildIntake intake, EvidenceDocuments documents, EvidenceArchive store) {
    this.intake = intake;
    this.documents = documents;
    this.store = store;
  }

  /**
   * 202 for a new build, 200 for a repeat (same digest), 409 for another digest; 400 names the bad
   * field.
   */
  @io.promoflow.platform.security.RequiresRole("ci")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Accepted: the build is recorded")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "A repeat of a recorded build (same digest): nothing new is recorded")
  @PostMapping("/api/v1/builds")
  public ResponseEntity<Map<String, String>> publish(@Valid @RequestBody BuildRequest body) {
    Caller caller = Caller.requireAnyRole("ci");
    List<EvidenceRef> evidence = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    List<BuildRequest.EvidenceDocument> docs =
        body.evidence() == null ? List.of() : body.evidence();
    for (BuildRequest.EvidenceDocument doc : docs) {
      contents.add(doc.content().getBytes(StandardCharsets.UTF_8));
    }
    // bounded before anything is parsed, then each document, then the metrics they yield together
    documents.checkCount("evidence", contents.stream().map(c -> c.length).toList());
    for (int i = 0; i < docs.size(); i++) {
      evidence.add(
          documents.check(
              "evidence[" + i + "]", docs.get(i).format(), docs.get(i).kind(), contents.get(i)));
    }
    documents.checkMetrics("evidence", evidence);
    // every document is valid: keep them (content-addressed) before the build is recorded
    for (int i = 0; i < evidence.size(); i++) {
      store.put(evidence.get(i).getSha256(), contents.get(i));
    }
    BuildCompleted build =
        BuildCompleted.newBuilder()
            .setUri(body.uri())
            .setSourceCommit(body.sourceCommit())
            .setRepository(body.repository())
            .setPipelineRunId(body.pipelineRunId())
            .setPipelineUrl(body.pipelineUrl())
            .setBuildFinishedAt(body.buildFinishedAt())
            .setCommitAuthor(body.commitAuthor())
            .setEvidence(evidence)
            .build();
    BuildIntake.Recorded r =
        intake.record(
            new ArtifactRef(body.application(), body.version(), body.digest()),
            build,
            caller.user());
    return ResponseEntity.status(r.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(
            Map.of("application", r.application(), "version", r.version(), "eventId", r.eventId()));
  }

  /**
   * {@code GET /api/v1/evidence/{sha256}}: a raw evidence document by its digest; 404 when unknown.
   */
  // CI, developers, approvers and admins may see the evidence; viewer and monitor see only its
  // digest
  @io.promoflow.platform.security.RequiresRole(
      value = {"ci", "developer", "admin"},
      approvers = true)
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "The document's bytes as uploaded",
      content =
          @io.swagger.v3.oas.annotations.media.Content(
              mediaType = "application/octet-stream",
              schema =
                  @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary")))
  @org.springframework.web.bind.annotation.GetMapping("/api/v1/evidence/{sha256}")
  public ResponseEntity<byte[]> document(@PathVariable String sha256) {
    return store
        .get(sha256)
        .map(
            bytes ->
                ResponseEntity.ok()
                    .contentType(org.springframework.http.MediaType.APPLICATION_OCTET_STREAM)
                    .body(bytes))
        .orElseThrow(() -> ProblemException.notFound("evidence document " + sha256));
  }

  /**
   * Adds one evidence document to a recorded build: 202, 404 for an unknown build, 400 for a bad
   * document or one that would take the build past its evidence limits ({@link EvidenceLimits}).
   */
  @io.promoflow.platform.security.RequiresRole("ci")
  @PostMapping(
      path = "/api/v1/builds/{application}/{version}/evidence",
      consumes = "multipart/form-data")
  public ResponseEntity<Map<String, String>> evidence(
      @PathVariable String application,
      @PathVariable String version,
      @RequestParam("format") String format,
      @RequestParam(name = "kind", required = false) String kind,
      @RequestParam("file") MultipartFile file)
      throws IOException {
    Caller caller = Caller.requireAnyRole("ci");
    if (file.isEmpty()) {
      throw ProblemException.badField("file", "empty document");
    }
    byte[] content = file.getBytes();
    EvidenceRef ref = documents.check("file", format, kind, content);
    store.put(ref.getSha256(), content);
    BuildIntake.Recorded r = intake.addEvidence(application, version, "file", ref, caller.user());
    return ResponseEntity.accepted()
        .body(
            Map.of(
                "application",
                application,
                "version",
                version,
                "eventId",
                r.eventId(),
                "sha256",
                ref.getSha256()));
  }
}
