package io.promoflow.trigger.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.builds.EvidenceSubmitted;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.trigger.EvidenceLimits;
import io.promoflow.trigger.domain.BuildRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpStatus;

/**
 * The intake's duplicate, conflict and limit decisions come from the store, never from this
 * instance's memory.
 */
class BuildIntakeTest {

  static final String DIGEST = "sha256:" + "a".repeat(64);
  static final ArtifactRef V1 = new ArtifactRef("inventory", "1.4.2", DIGEST);
  StoreQueries stores = mock(StoreQueries.class);
  Publisher publisher = mock(Publisher.class);
  Events events = TopologyTests.events("trigger-service");
  BuildIntake intake;
  BuildIntake other;

  @BeforeEach
  void start() {
    intake = new BuildIntake(stores, publisher, events, EvidenceLimits.DEFAULTS);
    // a second instance of the service: sees the same store, shares no memory with the first
    other = new BuildIntake(stores, publisher, events, EvidenceLimits.DEFAULTS);
    when(stores.get(any(), any())).thenReturn(Optional.empty());
  }

  @AfterEach
  void stop() {
    intake.destroy();
    other.destroy();
  }

  static BuildCompleted build() {
    return BuildCompleted.newBuilder()
        .setSourceCommit("b".repeat(40))
        .setPipelineRunId("1")
        .setBuildFinishedAt(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  static BuildRecord recorded(String digest, int documents) {
    BuildRecord r =
        new BuildRecord("inventory", "1.4.2", digest, "first-event", "b".repeat(40), "1", 0L, null);
    return new BuildRecord(
        r.application(),
        r.version(),
        r.digest(),
        r.eventId(),
        r.sourceCommit(),
        r.pipelineRunId(),
        r.buildFinishedAt(),
        r.deliveryId(),
        documents,
        documents * 100L,
        documents,
        null);
  }

  void storeShows(BuildRecord... records) {
    var stubbing = when(stores.get(BuildStores.BUILDS, "inventory|1.4.2"));
    for (BuildRecord r : records) {
      stubbing = stubbing.thenReturn(Optional.of(r));
    }
  }

  @SuppressWarnings("unchecked")
  List<Publisher.Event<?>> published() {
    ArgumentCaptor<List<Publisher.Event<?>>> groups = ArgumentCaptor.forClass(List.class);
    verify(publisher, org.mockito.Mockito.atLeastOnce()).publishAll(groups.capture());
    return groups.getAllValues().stream().flatMap(List::stream).toList();
  }

  @Test
  void aBuildTheStoreDoesNotShowIsPublishedAndAnsweredAfterItsCommit() {
    BuildIntake.Recorded r = intake.record(V1, build(), "ci");
    assertThat(r.created()).isTrue();
    List<Publisher.Event<?>> sent = published();
    assertThat(sent)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.key()).isEqualTo("inventory");
              assertThat(((BuildsEnvelope) e.envelope()).getMeta().getEventId())
                  .isEqualTo(r.eventId());
            });
  }

  @Test
  void aRepeatIsAnsweredWithTheFirstEventByEveryInstanceOnceTheStoreShowsItAndNothingIsPublished() {
    storeShows(recorded(DIGEST, 0));
    for (BuildIntake instance : List.of(intake, other)) {
      BuildIntake.Recorded r = instance.record(V1, build(), "ci");
      assertThat(r.created()).isFalse();
      assertThat(r.eventId()).isEqualTo("first-event");
    }
    verify(publisher, never()).publishAll(anyList());
  }

  @Test
  void anotherDigestOfARecordedVersionIs409OnEveryInstance() {
    storeShows(recorded("sha256:" + "e".repeat(64), 0));
    for (BuildIntake instance : List.of(intake, other)) {
      assertThatThrownBy(() -> instance.record(V1, build(), "ci"))
          .isInstanceOfSatisfying(
              ProblemException.class,
              p -> {
                assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
                assertThat(p.field()).isEqualTo("digest");
              });
    }
    verify(publisher, never()).publishAll(anyList());
  }

  @Test
  void aFailedCommitIs503AndTheStoreStillDecidesTheRetry() {
    ProblemException down =
        new ProblemException(
            HttpStatus.SERVICE_UNAVAILABLE, "Event not recorded", "broker down", null, null);
    doThrow(down).when(publisher).publishAll(anyList());
    assertThatThrownBy(() -> intake.record(V1, build(), "ci")).isSameAs(down);
  }

  @Test
  void aStoreThatCannotBeReadIs503NotANewBuild() {
    when(stores.get(BuildStores.BUILDS, "inventory|1.4.2"))
        .thenThrow(
            new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE, "State not ready", "rebalancing", null, null));
    assertThatThrownBy(() -> intake.record(V1, build(), "ci"))
        .isInstanceOfSatisfying(
            ProblemException.class,
            p -> assertThat(p.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
    verify(publisher, never()).publishAll(anyList());
  }

  @Test
  void evidenceIsCountedByTheStoreAndTheUploadIsAnsweredOnceTheStoreCountedIt() {
    EvidenceRef doc =
        new EvidenceRef("junit-xml", "c".repeat(64), 100L, Map.of("tests.total", 1.0), Map.of());
    // the store counted 19; the upload makes it 20: checked, committed, then answered once the
    // store shows 20
    storeShows(recorded(DIGEST, 19), recorded(DIGEST, 19), recorded(DIGEST, 20));
    BuildIntake.Recorded r = intake.addEvidence("inventory", "1.4.2", "file", doc, "ci");
    assertThat(r.created()).isTrue();
    assertThat(published())
        .singleElement()
        .satisfies(
            e ->
                assertThat(((BuildsEnvelope) e.envelope()).getPayload())
                    .isInstanceOf(EvidenceSubmitted.class));
    verify(stores, org.mockito.Mockito.times(3)).get(BuildStores.BUILDS, "inventory|1.4.2");
  }

  @Test
  void evidenceBeyondTheLimitsTheStoreCountedIs400OnAnyInstance() {
    EvidenceRef doc =
        new EvidenceRef("junit-xml", "c".repeat(64), 100L, Map.of("tests.total", 1.0), Map.of());
    storeShows(recorded(DIGEST, 20));
    for (BuildIntake instance : List.of(intake, other)) {
      assertThatThrownBy(() -> instance.addEvidence("inventory", "1.4.2", "file", doc, "ci"))
          .isInstanceOfSatisfying(
              ProblemException.class,
              p -> {
                assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(p.getMessage()).contains("21 evidence documents, at most 20");
              });
    }
    verify(publisher, never()).publishAll(anyList());
  }

  @Test
  void evidenceForABuildTheStoreDoesNotShowIs404() {
    EvidenceRef doc = new EvidenceRef("junit-xml", "c".repeat(64), 100L, Map.of(), Map.of());
    assertThatThrownBy(() -> intake.addEvidence("inventory", "1.4.2", "file", doc, "ci"))
        .isInstanceOfSatisfying(
            ProblemException.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.NOT_FOUND));
  }

  @Test
  void aGithubDeliveryIsKnownOnlyThroughTheStore() {
    assertThat(intake.findDelivery("d-1")).isEmpty();
    when(stores.get(BuildStores.DELIVERIES, "d-1")).thenReturn(Optional.of("inventory|1.4.2"));
    storeShows(recorded(DIGEST, 0));
    assertThat(other.findDelivery("d-1")).map(BuildRecord::eventId).contains("first-event");
  }
}
