package io.promoflow.trigger.api;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.security.Caller;
import io.promoflow.platform.security.RequiresRole;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.Pagination;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.rules.keys.ReleaseIds;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.ReleaseType;
import io.promoflow.rules.release.ApplicationStages;
import io.promoflow.rules.release.ReleaseState;
import io.promoflow.rules.release.train.TrainCalendar;
import io.promoflow.schemas.ApprovalIds;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.releases.ReleaseComponent;
import io.promoflow.schemas.releases.ReleaseCreated;
import io.promoflow.schemas.releases.ReleasePromotionRequested;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.trigger.domain.BuildRecord;
import io.promoflow.trigger.domain.ChangeRequests;
import io.promoflow.trigger.domain.ReleasePromotionCheck;
import io.promoflow.trigger.flow.BuildIntake;
import io.promoflow.trigger.flow.ReleaseStores;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Platform releases (GitHub issue 18 points 1 and 3; RELEASES.md steps 1, 2 and 8): a named set of
 * recorded builds promoted stage by stage as a unit. The routes check and publish commands on
 * {@code promoflow.releases.v1}; the coordinator ({@code flow.ReleaseTopology}) decides; the reads
 * answer from its stores, whichever instance holds them. Creating and promoting need the role
 * developer, ci or release-manager (also an approver role: allowed, the approval of a release's
 * component promotions still excludes its requester).
 */
@RestController
public class ReleaseController {

  private final BuildIntake builds;
  private final StoreQueries stores;
  private final PipelinePolicy policy;
  private final Publisher publisher;
  private final Events events;
  private final ChangeRequests changeRequests;

  public ReleaseController(
      BuildIntake builds,
      StoreQueries stores,
      PipelinePolicy policy,
      Publisher publisher,
      Events events,
      ChangeRequests changeRequests) {
    this.builds = builds;
    this.stores = stores;
    this.policy = policy;
    this.publisher = publisher;
    this.events = events;
    this.changeRequests = changeRequests;
  }

  /**
   * 202 {@code {"releaseId","version"}} for a new release; 200 with the first release id for a
   * repeat with the same components; 409 when the version was created with other components; 400
   * naming the field (type, version, components[i].application, components[i].version for a build
   * never recorded). {@code "train": true}: a release train ({@link #createTrain}): 400 {@code
   * trainDate} (not a train date, in the past), {@code version} (not the train's), {@code
   * components} (given); 409 {@code version} when that version is another release.
   */
  @RequiresRole({"developer", "ci", "release-manager"})
  @ApiResponse(
      responseCode = "202",
      description = "Accepted: the release is created",
      content = @Content(schema = @Schema(implementation = ReleaseResponses.ReleaseAccepted.class)))
  @ApiResponse(
      responseCode = "200",
      description = "A repeat of a created release (same version and components)",
      content = @Content(schema = @Schema(implementation = ReleaseResponses.ReleaseAccepted.class)))
  @PostMapping("/api/v1/releases")
  public ResponseEntity<ReleaseResponses.ReleaseAccepted> create(
      @Valid @RequestBody ReleaseRequest body) {
    Caller caller = Caller.current();
    if (Boolean.TRUE.equals(body.train())) {
      return createTrain(body, caller);
    }
    if (body.trainDate() != null) {
      throw ProblemException.badField("trainDate", "only for a train (\"train\": true)");
    }
    if (body.type() == null || body.type().isBlank()) {
      throw ProblemException.badField("type", "required (e.g. PLATFORM_MINOR)");
    }
    ReleaseType type = type(body.type());
    if (body.version() == null || body.version().isBlank()) {
      throw ProblemException.badField("version", "required (e.g. 2026.47.0)");
    }
    List<ReleaseRequest.Component> asked =
        body.components() == null ? List.of() : body.components();
    if (asked.isEmpty()) {
      throw ProblemException.badField("components", "at least one component");
    }
    Set<String> seen = new HashSet<>();
    List<ReleaseComponent> components = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      ReleaseRequest.Component c = asked.get(i);
      if (c == null) {
        throw ProblemException.badField("components[" + i + "]", "a component, not null");
      }
      if (!seen.add(c.application())) {
        throw ProblemException.badField(
            "components[" + i + "].application", c.application() + " is listed twice");
      }
      int at = i;
      BuildRecord build =
          builds
              .find(c.application(), c.version())
              .orElseThrow(
                  () ->
                      ProblemException.badField(
                          "components[" + at + "].version",
                          "no build "
                              + c.application()
                              + " "
                              + c.version()
                              + " recorded (POST /api/v1/builds first)"));
      components.add(
          new ReleaseComponent(
              build.application(), build.version(), build.digest(), build.requires()));
    }
    String releaseId = ReleaseIds.of(body.version());
    Optional<ReleaseState> known = stores.get(ReleaseStores.RELEASES, releaseId);
    if (known.isPresent()) {
      Map<String, String> before = new TreeMap<>();
      known.get().components().forEach(c -> before.put(c.application(), c.version()));
      Map<String, String> now = new TreeMap<>();
      components.forEach(c -> now.put(c.getApplication(), c.getVersion()));
      if (!before.equals(now)) {
        throw ProblemException.conflict(
            "release " + body.version() + " was created with components " + before, "components");
      }
      return ResponseEntity.ok(new ReleaseResponses.ReleaseAccepted(releaseId, body.version()));
    }
    String changeRequestId = blankToNull(body.changeRequestId());
    publisher.publish(
        Topics.RELEASES,
        releaseId,
        new ReleasesEnvelope(
            events.meta(null, null, null, caller.user()),
            ReleaseCreated.newBuilder()
                .setReleaseId(releaseId)
                .setVersion(body.version())
                .setType(type.name())
                .setValidationLevel(policy.releases().validation(type))
                .setStrategy(policy.releases().strategy(type))
                .setTrain(false)
                .setTrainDate(null)
                .setComponents(components)
                .setRequestedBy(caller.user())
                .setChangeRequestId(changeRequestId)
                .build()));
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(new ReleaseResponses.ReleaseAccepted(releaseId, body.version()));
  }

  /**
   * A release train (issue 18 point 2): no components (collected at its collection phase), type
   * default PLATFORM_MINOR, train date default the next one on the cadence, version the train's
   * ({@link TrainCalendar#requireTrain}). A repeat of the same train answers 200.
   */
  private ResponseEntity<ReleaseResponses.ReleaseAccepted> createTrain(
      ReleaseRequest body, Caller caller) {
    ReleaseType type =
        body.type() == null || body.type().isBlank()
            ? ReleaseType.PLATFORM_MINOR
            : type(body.type());
    if (body.components() != null && !body.components().isEmpty()) {
      throw ProblemException.badField(
          "components", "a train collects its components at its collection phase; give none");
    }
    TrainCalendar calendar = TrainCalendar.of(policy);
    LocalDate date;
    try {
      date =
          calendar.requireTrain(
              body.trainDate(), blankToNull(body.version()), events.clock().instant());
    } catch (IllegalArgumentException e) {
      // TrainCalendar's messages start with the field they name: "trainDate: …", "version: …"
      String message = String.valueOf(e.getMessage());
      int colon = message.indexOf(':');
      String field = colon > 0 ? message.substring(0, colon) : "trainDate";
      throw ProblemException.badField(
          field, colon > 0 ? message.substring(colon + 1).strip() : message);
    }
    String version = calendar.version(date);
    String releaseId = ReleaseIds.of(version);
    Instant trainDate = calendar.start(date);
    Optional<ReleaseState> known = stores.get(ReleaseStores.RELEASES, releaseId);
    if (known.isPresent()) {
      if (known.get().train()
          && known.get().trainDate() != null
          && known.get().trainDate() == trainDate.toEpochMilli()) {
        return ResponseEntity.ok(new ReleaseResponses.ReleaseAccepted(releaseId, version));
      }
      throw ProblemException.conflict(
          "release " + version + " exists and is not the train of " + date, "version");
    }
    publisher.publish(
        Topics.RELEASES,
        releaseId,
        new ReleasesEnvelope(
            events.meta(null, null, null, caller.user()),
            ReleaseCreated.newBuilder()
                .setReleaseId(releaseId)
                .setVersion(version)
                .setType(type.name())
                .setValidationLevel(policy.releases().validation(type))
                .setStrategy(policy.releases().strategy(type))
                .setTrain(true)
                .setTrainDate(trainDate)
                .setComponents(List.of())
                .setRequestedBy(caller.user())
                .setChangeRequestId(blankToNull(body.changeRequestId()))
                .build()));
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(new ReleaseResponses.ReleaseAccepted(releaseId, version));
  }

  /**
   * 202 {@code {"releaseId","targetStage"}}; 404 unknown release; 400 for an unknown stage, a stage
   * that is not the one after the release's last (first promotion: any stage after the first), a
   * missing or unknown change request; 409 while a promotion of the release is in flight, after it
   * failed into an earlier stage, for a release without components (a train before its collection)
   * or for a change request not approved ({@link ReleasePromotionCheck}). After a failure into a
   * stage, that stage may be asked again: the retry gets component promotion ids of its own.
   */
  @RequiresRole({"developer", "ci", "release-manager"})
  @PostMapping("/api/v1/releases/{releaseId}/promotions")
  public ResponseEntity<ReleaseResponses.ReleasePromotionAccepted> promote(
      @PathVariable String releaseId, @Valid @RequestBody ReleasePromotionRequest body) {
    Caller caller = Caller.current();
    ReleaseState release = find(releaseId);
    String target = body.targetStage();
    List<String> stages = policy.stageNames();
    ReleasePromotionCheck.check(release, policy, target)
        .ifPresent(
            refusal -> {
              throw refusal.conflict()
                  ? ProblemException.conflict(refusal.detail(), refusal.field())
                  : ProblemException.badField(refusal.field(), refusal.detail());
            });
    int to = stages.indexOf(target);
    String changeRequestId =
        Optional.ofNullable(blankToNull(body.changeRequestId())).orElse(release.changeRequestId());
    if (changeRequestId == null && policy.changeRequestRequired(target)) {
      throw ProblemException.badField(
          "changeRequestId",
          "required for a promotion into "
              + target
              + " (policy transitions[].changeRequest: required); the release names none");
    }
    if (changeRequestId != null) {
      ChangeRequestCheck.require(changeRequests, changeRequestId);
    }
    publisher.publish(
        Topics.RELEASES,
        releaseId,
        new ReleasesEnvelope(
            events.meta(null, null, null, caller.user()),
            new ReleasePromotionRequested(
                releaseId, stages.get(to - 1), target, caller.user(), changeRequestId)));
    return ResponseEntity.accepted()
        .body(new ReleaseResponses.ReleasePromotionAccepted(releaseId, target));
  }

  /** {@code GET /api/v1/releases/{releaseId}}: the release, its promotions and timeline; 404. */
  @GetMapping("/api/v1/releases/{releaseId}")
  public ReleaseResponses.ReleaseDocument show(@PathVariable String releaseId) {
    ReleaseState r = find(releaseId);
    Map<String, String> stageOf = new TreeMap<>();
    for (ReleaseState.Promotion p : r.promotions()) {
      for (ReleaseState.ComponentPromotion c : p.components()) {
        if (c.outcome() == ReleaseState.Outcome.PROMOTED) {
          stageOf.merge(
              c.application(),
              p.targetStage(),
              (a, b) -> policy.stageNames().indexOf(a) >= policy.stageNames().indexOf(b) ? a : b);
        }
      }
    }
    List<ReleaseResponses.ReleaseComponentDocument> components = new ArrayList<>();
    for (ReleaseState.Component c : r.components()) {
      String stage = stageOf.get(c.application());
      String verification = null;
      if (stage != null) {
        verification =
            stores
                .<ApplicationStages>get(ReleaseStores.PLATFORM_STAGES, c.application())
                .flatMap(s -> s.verificationOf(stage, c.version()))
                .filter(v -> v.digest().equals(c.digest()))
                .map(v -> v.status().name())
                .orElse("PENDING");
      }
      components.add(
          new ReleaseResponses.ReleaseComponentDocument(
              c.application(), c.version(), c.digest(), c.requires(), stage, verification));
    }
    List<ReleaseResponses.ReleasePromotionDocument> promotions =
        r.promotions().stream()
            .map(
                p ->
                    new ReleaseResponses.ReleasePromotionDocument(
                        p.targetStage(),
                        p.state().name(),
                        p.requestedBy(),
                        Instant.ofEpochMilli(p.requestedAt()),
                        p.releaseGates().stream()
                            .map(
                                g ->
                                    new ReleaseResponses.ReleaseGateDocument(
                                        g.gate(), g.passed(), g.reason(), g.inputs()))
                            .toList(),
                        p.components().stream()
                            .map(
                                c ->
                                    new ReleaseResponses.ReleaseComponentPromotionDocument(
                                        c.application(),
                                        c.promotionId(),
                                        ApprovalIds.of(c.promotionId()),
                                        c.outcome().name()))
                            .toList(),
                        p.reasons(),
                        p.rollbacks().stream()
                            .map(
                                b ->
                                    new ReleaseResponses.ReleaseRollbackDocument(
                                        b.application(),
                                        b.fromVersion(),
                                        b.toVersion(),
                                        b.promotionId()))
                            .toList()))
            .toList();
    return new ReleaseResponses.ReleaseDocument(
        r.releaseId(),
        r.version(),
        r.type(),
        r.validationLevel(),
        r.strategy(),
        r.train(),
        r.trainDate() == null ? null : Instant.ofEpochMilli(r.trainDate()),
        phase(r),
        phases(r),
        r.requestedBy(),
        r.changeRequestId(),
        Instant.ofEpochMilli(r.createdAt()),
        components,
        promotions,
        r.timeline().stream()
            .map(
                s ->
                    new ReleaseResponses.ReleaseStep(
                        Instant.ofEpochMilli(s.at()), s.event(), s.detail()))
            .toList());
  }

  /**
   * {@code GET /api/v1/releases?train=&limit=&cursor=}: releases newest first, one page ({@link
   * Pagination}); {@code train} keeps only trains (true) or only other releases (false).
   */
  @ApiResponse(
      responseCode = "200",
      description = "One page, newest first",
      content =
          @Content(
              array =
                  @ArraySchema(
                      schema = @Schema(implementation = ReleaseResponses.ReleaseSummary.class))))
  @GetMapping("/api/v1/releases")
  public ResponseEntity<List<ReleaseResponses.ReleaseSummary>> list(
      @RequestParam(required = false) Boolean train,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    List<ReleaseState> all =
        stores.<ReleaseState>all(ReleaseStores.RELEASES).stream()
            .filter(r -> train == null || r.train() == train)
            .toList();
    return Pagination.respond(
        all,
        r -> Pagination.descending(r.createdAt(), r.releaseId()),
        limit,
        cursor,
        r ->
            new ReleaseResponses.ReleaseSummary(
                r.releaseId(),
                r.version(),
                r.type(),
                r.train(),
                phase(r),
                r.reached().orElse(null),
                r.latest().map(p -> p.state().name()).orElse("CREATED"),
                Instant.ofEpochMilli(r.createdAt())));
  }

  /** A train's phase now ({@link TrainCalendar#phaseAt}); null for another release. */
  private String phase(ReleaseState r) {
    if (!r.train() || r.trainDate() == null) {
      return null;
    }
    return TrainCalendar.of(policy).phaseAt(trainDate(r), events.clock().instant());
  }

  /** A train's phases as scheduled, each with when it was entered (null: not yet). */
  private List<ReleaseResponses.ReleasePhase> phases(ReleaseState r) {
    if (!r.train() || r.trainDate() == null) {
      return List.of();
    }
    Map<String, Long> entered = new TreeMap<>();
    r.phases().forEach(p -> entered.put(p.phase(), p.enteredAt()));
    return TrainCalendar.of(policy).phases(trainDate(r)).stream()
        .map(
            p ->
                new ReleaseResponses.ReleasePhase(
                    p.name(),
                    p.at(),
                    entered.containsKey(p.name())
                        ? Instant.ofEpochMilli(entered.get(p.name()))
                        : null))
        .toList();
  }

  private static LocalDate trainDate(ReleaseState r) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(r.trainDate()), ZoneOffset.UTC);
  }

  private ReleaseState find(String releaseId) {
    if (!ReleaseIds.valid(releaseId)) {
      throw ProblemException.notFound("release " + releaseId);
    }
    return stores
        .<ReleaseState>get(ReleaseStores.RELEASES, releaseId)
        .orElseThrow(() -> ProblemException.notFound("release " + releaseId));
  }

  private static ReleaseType type(String type) {
    try {
      return ReleaseType.valueOf(type);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ProblemException.badField(
          "type",
          "unknown release type "
              + type
              + " (types: "
              + String.join(", ", Arrays.stream(ReleaseType.values()).map(Enum::name).toList())
              + ")");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
