package io.promoflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.platform.web.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class GroupCommitterTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void callersQueuedWhileAGroupCommitsAreCommittedTogetherInTheirOrderAndAnsweredAfterTheCommit()
      throws Exception {
    List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch firstCommitting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (GroupCommitter<Integer> committer =
        new GroupCommitter<>(
            "test-committer",
            100,
            Duration.ZERO,
            1000,
            WAIT,
            group -> {
              groups.add(List.copyOf(group));
              if (group.contains(0)) {
                firstCommitting.countDown();
                await(release);
              }
            })) {
      CompletableFuture<Void> first = committer.enqueue(0);
      assertThat(firstCommitting.await(10, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<Void>> queued = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        queued.add(committer.enqueue(i));
      }
      assertThat(first).as("answered only after its commit").isNotDone();
      assertThat(queued).noneMatch(CompletableFuture::isDone);
      release.countDown();
      CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(first).isCompleted();
      assertThat(groups).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5));
    }
  }

  @Test
  void aFailedCommitFailsEveryCallerOfItsGroupWithTheCommitsProblemAndTheNextGroupStillCommits()
      throws Exception {
    ProblemException down =
        new ProblemException(
            HttpStatus.SERVICE_UNAVAILABLE, "Event not recorded", "broker down", null, null);
    CountDownLatch firstCommitting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<String>> committed = Collections.synchronizedList(new ArrayList<>());
    try (GroupCommitter<String> committer =
        new GroupCommitter<>(
            "test-committer",
            100,
            Duration.ZERO,
            1000,
            WAIT,
            group -> {
              if (group.contains("hold")) {
                firstCommitting.countDown();
                await(release);
                return;
              }
              if (group.contains("poison")) {
                throw down;
              }
              committed.add(List.copyOf(group));
            })) {
      CompletableFuture<Void> hold = committer.enqueue("hold");
      assertThat(firstCommitting.await(10, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<Void>> doomed =
          List.of(committer.enqueue("a"), committer.enqueue("poison"), committer.enqueue("b"));
      release.countDown();
      hold.get(10, TimeUnit.SECONDS);
      for (CompletableFuture<Void> f : doomed) {
        Awaitility.await().atMost(WAIT).until(f::isDone);
        assertThat(f).isCompletedExceptionally();
      }
      assertThatThrownBy(() -> committer.submit("poison")).isSameAs(down);
      committer.submit("c");
      assertThat(committed).containsExactly(List.of("c"));
    }
  }

  @Test
  void noCallerIsLostUnderConcurrentLoadAndEachIsCommittedExactlyOnceInGroupsOfAtMostMaxBatch()
      throws Exception {
    List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try (GroupCommitter<Integer> committer =
        new GroupCommitter<>(
            "test-committer",
            7,
            Duration.ofMillis(2),
            10_000,
            WAIT,
            group -> groups.add(List.copyOf(group)))) {
      List<Future<?>> answers = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        int n = i;
        answers.add(callers.submit(() -> committer.submit(n)));
      }
      for (Future<?> a : answers) {
        a.get(10, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(groups).allSatisfy(g -> assertThat(g).hasSizeBetween(1, 7));
    assertThat(groups.stream().flatMap(List::stream))
        .hasSize(500)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 500).boxed().toList());
  }

  @Test
  void aFullQueueAndAStoppedCommitterAnswer503AndCallersStillQueuedAtCloseAreNeverCommitted()
      throws Exception {
    CountDownLatch committing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> committed = Collections.synchronizedList(new ArrayList<>());
    GroupCommitter<String> committer =
        new GroupCommitter<>(
            "test-committer",
            1,
            Duration.ZERO,
            1,
            WAIT,
            group -> {
              committing.countDown();
              await(release);
              committed.addAll(group);
            });
    CompletableFuture<Void> first = committer.enqueue("first");
    assertThat(committing.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> queued = committer.enqueue("queued");
    assertThatThrownBy(() -> committer.submit("over"))
        .isInstanceOfSatisfying(
            ProblemException.class, p -> assertThat(p.getMessage()).contains("too many requests"));
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    queued.get(10, TimeUnit.SECONDS);
    committer.close();
    assertThat(committer.enqueue("late")).isCompletedExceptionally();
    assertThat(committed).containsExactly("first", "queued");
  }

  @Test
  void aCallerWhoseWaitEndsWhileStillQueuedIsAnswered503AndNeverPublished() throws Exception {
    CountDownLatch committing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> committed = Collections.synchronizedList(new ArrayList<>());
    try (GroupCommitter<String> committer =
        new GroupCommitter<>(
            "test-committer",
            10,
            Duration.ZERO,
            10,
            Duration.ofMillis(50),
            group -> {
              committing.countDown();
              await(release);
              committed.addAll(group);
            })) {
      CompletableFuture<Void> first = committer.enqueue("first");
      assertThat(committing.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> committer.submit("impatient"))
          .isInstanceOfSatisfying(
              ProblemException.class,
              p -> assertThat(p.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      committer.submit("after");
      assertThat(committed).containsExactly("first", "after");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
