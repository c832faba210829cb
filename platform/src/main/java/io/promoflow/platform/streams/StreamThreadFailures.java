package io.promoflow.platform.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies of an exception no record handler caught (a bug, an Error,
 * a store that cannot be written): the thread is replaced ({@code REPLACE_THREAD}), so the client
 * keeps processing instead of ending in ERROR for good, and the failure is logged and remembered. A
 * thread that keeps dying (at least {@link #CRASH_LOOP} failures within {@link #WINDOW}) turns the
 * service's health DOWN ({@link KafkaStreamsHealthIndicator}) until it has stayed alive for the
 * window. Thread-safe: stream threads report here, health checks read.
 */
public class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

  /** Failures within {@link #WINDOW} that count as a crash loop. */
  public static final int CRASH_LOOP = 3;

  /** 60 s. */
  public static final Duration WINDOW = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(StreamThreadFailures.class);

  private final Clock clock;
  private final Deque<Instant> recent = new ArrayDeque<>();
  private long total;
  private String last;

  public StreamThreadFailures(Clock clock) {
    this.clock = clock;
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    synchronized (this) {
      Instant now = clock.instant();
      recent.addLast(now);
      total++;
      last = now + " " + exception;
    }
    log.error("stream thread {} died; replacing it", Thread.currentThread().getName(), exception);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /**
   * Whether threads keep dying: at least {@link #CRASH_LOOP} failures within the last {@link
   * #WINDOW}.
   */
  public synchronized boolean crashLooping() {
    Instant since = clock.instant().minus(WINDOW);
    while (!recent.isEmpty() && recent.peekFirst().isBefore(since)) {
      recent.removeFirst();
    }
    return recent.size() >= CRASH_LOOP;
  }

  /** Threads replaced since start. */
  public synchronized long total() {
    return total;
  }

  /** Time and exception of the last failure, or null. */
  public synchronized String last() {
    return last;
  }
}
