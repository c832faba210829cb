package io.promoflow.platform.streams;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How far a stream task has read its input, for wall-clock timeouts of a processor (facts that
 * never arrived, a soak that ended). A timeout must not fire while the record that would have
 * prevented it still waits unread in the task's backlog, which is exactly the situation right after
 * a restart. A deadline counts as reached by the input when the task's stream time (largest record
 * timestamp read; Kafka Streams picks the record with the smallest timestamp among its buffered
 * partitions, so what came before was read) has passed it, or when the task has read no record for
 * {@code quiet} (its input is drained). One instance per processor instance; not thread-safe (a
 * processor runs on one stream thread).
 */
public final class InputProgress {

  /**
   * Default quiet period: 5 s without input means the backlog of a restarted task has been read.
   */
  public static final Duration QUIET = Duration.ofSeconds(5);

  private final LongSupplier clock;
  private final long quietMs;
  private long lastRecordAt;

  /**
   * Starts counting at creation (processor init): a restarted task is not drained before {@code
   * quiet} passed.
   *
   * @param clock wall-clock epoch ms, the one the processor's deadlines are in (e.g. {@code
   *     ProcessorContext::currentSystemTimeMs}, or the service clock's {@code millis})
   */
  public InputProgress(LongSupplier clock, Duration quiet) {
    this.clock = clock;
    this.quietMs = quiet.toMillis();
    this.lastRecordAt = clock.getAsLong();
  }

  /** Call for every record the processor reads. */
  public void read() {
    lastRecordAt = clock.getAsLong();
  }

  /**
   * Whether the input has been read up to {@code deadline}.
   *
   * @param deadline epoch ms
   * @param streamTime the task's stream time, epoch ms ({@code
   *     ProcessorContext.currentStreamTimeMs()})
   */
  public boolean readUpTo(long deadline, long streamTime) {
    return streamTime >= deadline || clock.getAsLong() - lastRecordAt >= quietMs;
  }
}
