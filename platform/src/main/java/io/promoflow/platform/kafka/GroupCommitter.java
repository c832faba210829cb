package io.promoflow.platform.kafka;

import io.promoflow.platform.web.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Group commit (issue 15, point 2): callers enqueue what they want published and wait; one
 * committer thread takes everything queued (at most {@code maxBatch}; it waits up to {@code linger}
 * for more, 0 = only what is already queued, so a lone request waits for nothing), commits it in
 * ONE transaction ({@code commit}, e.g. {@link Publisher#publishAll}) and then answers each caller:
 * all of them succeed, or all of them fail with the commit's error. No lock is held while the
 * broker is waited for; while one group commits, the next one queues.
 *
 * <p>Fail closed: a caller is answered 2xx only after its group committed. A full queue, a commit
 * error, a stopped committer or a caller's wait exceeding {@code callerWait} answers 503 (a caller
 * that gave up while still queued is never published; one whose group was already committing may
 * be, so its 503 says the outcome is unknown and a retry is safe only because intake is
 * idempotent).
 *
 * @param <T> what one caller publishes
 */
public final class GroupCommitter<T> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
  private final BlockingQueue<Pending<T>> queue;
  private final int maxBatch;
  private final long lingerNanos;
  private final Duration callerWait;
  private final Consumer<List<T>> commit;
  private final Thread thread;
  private volatile boolean running = true;

  private record Pending<T>(T item, CompletableFuture<Void> done) {}

  /**
   * Starts the committer thread.
   *
   * @param name the thread's name
   * @param maxBatch most items in one transaction (&ge; 1)
   * @param linger how long a group waits for more callers once it has one (0: none)
   * @param maxQueued most callers waiting; beyond it a caller is answered 503 at once
   *     (backpressure)
   * @param callerWait the longest a caller waits for its group's commit, queueing included
   * @param commit publishes one group in one transaction; throwing fails every caller of the group
   */
  public GroupCommitter(
      String name,
      int maxBatch,
      Duration linger,
      int maxQueued,
      Duration callerWait,
      Consumer<List<T>> commit) {
    if (maxBatch < 1 || maxQueued < 1) {
      throw new IllegalArgumentException("maxBatch and maxQueued must be at least 1");
    }
    this.queue = new LinkedBlockingQueue<>(maxQueued);
    this.maxBatch = maxBatch;
    this.lingerNanos = linger.toNanos();
    this.callerWait = callerWait;
    this.commit = commit;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Publishes {@code item} with whatever else is queued and returns once its group committed.
   *
   * @throws ProblemException 503 when the queue is full, the commit failed (the commit's own {@link
   *     ProblemException} when it threw one), the committer stopped or the wait exceeded {@code
   *     callerWait}
   */
  public void submit(T item) {
    CompletableFuture<Void> done = enqueue(item);
    try {
      done.get(callerWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.cancel(false);
      throw unavailable("interrupted while waiting for the commit", e);
    } catch (TimeoutException e) {
      // still queued: never published; already committing: the outcome is unknown
      done.cancel(false);
      throw unavailable("the commit was not confirmed within " + callerWait.toMillis() + " ms", e);
    } catch (CancellationException e) {
      throw unavailable("the commit was cancelled", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProblemException problem) {
        throw problem;
      }
      throw unavailable("the commit failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Queues {@code item}; the future completes after its group committed, or exceptionally with why
   * not.
   */
  public CompletableFuture<Void> enqueue(T item) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!running) {
      done.completeExceptionally(unavailable("the committer is stopped", null));
    } else if (!queue.offer(new Pending<>(item, done))) {
      done.completeExceptionally(
          unavailable("too many requests are waiting to be committed", null));
    }
    return done;
  }

  /**
   * Stops the committer; callers still queued are answered 503 (nothing of theirs was published).
   */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
  }

  private void run() {
    while (running) {
      List<Pending<T>> group;
      try {
        group = next();
      } catch (InterruptedException e) {
        break;
      }
      if (!group.isEmpty()) {
        commit(group);
      }
    }
    failQueued();
  }

  /**
   * The next group: the first caller (waited for), then whatever queued meanwhile, up to maxBatch.
   */
  private List<Pending<T>> next() throws InterruptedException {
    List<Pending<T>> group = new ArrayList<>();
    Pending<T> first = queue.poll(200, TimeUnit.MILLISECONDS);
    if (first == null) {
      return group;
    }
    group.add(first);
    long until = System.nanoTime() + lingerNanos;
    while (group.size() < maxBatch) {
      if (queue.drainTo(group, maxBatch - group.size()) > 0) {
        continue;
      }
      long left = until - System.nanoTime();
      Pending<T> more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
      if (more == null) {
        break;
      }
      group.add(more);
    }
    // a caller that gave up while queued is answered already: leave it out (it was told nothing was
    // recorded)
    group.removeIf(p -> p.done().isDone());
    return group;
  }

  private void commit(List<Pending<T>> group) {
    try {
      commit.accept(group.stream().map(Pending::item).toList());
    } catch (RuntimeException e) {
      log.debug("group of {} failed to commit: {}", group.size(), e.toString());
      group.forEach(p -> p.done().completeExceptionally(e));
      return;
    }
    group.forEach(p -> p.done().complete(null));
  }

  private void failQueued() {
    List<Pending<T>> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(p -> p.done().completeExceptionally(unavailable("the committer stopped", null)));
  }

  private static ProblemException unavailable(String why, Throwable cause) {
    return new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE, "Event not recorded", why + "; retry later", null, cause);
  }
}
