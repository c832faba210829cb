package io.promoflow.benchmarks;

import io.promoflow.schemas.KafkaCredentials;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches {@code promoflow.promotions.v1} and {@code promoflow.verifications.v1} (read_committed,
 * from their end at start) and notes when each {@code StagePromoted} and each verification outcome
 * ({@code VerificationPassed}, {@code VerificationFailed}, {@code VerificationInconclusive}) became
 * visible, by {@link #key}: what a downstream consumer of Promoflow sees. Times are {@link
 * System#nanoTime()}.
 */
final class EventWatcher implements AutoCloseable {

  static final String PROMOTED = "StagePromoted";
  static final String PASSED = "VerificationPassed";
  static final String FAILED = "VerificationFailed";
  static final String INCONCLUSIVE = "VerificationInconclusive";
  static final String BLOCKED = "PromotionBlocked";
  static final String REQUESTED = "PromotionRequested";

  /** Key prefix of {@code GatesEvaluated}, by promotion id (it names no stage). */
  static final String GATES = "GatesEvaluated";

  /** {@code <stage> <application>|<version>} -> promotion id of its PromotionRequested. */
  private final Map<String, String> promotionIds = new ConcurrentHashMap<>();

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final AtomicLong undecodable = new AtomicLong();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  EventWatcher(String bootstrap, KafkaCredentials admin) {
    Map<String, Object> config = new HashMap<>(admin.clientProperties());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    thread = new Thread(this::run, "bench-event-watcher");
    thread.setDaemon(true);
    thread.start();
    try {
      if (!ready.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the event watcher did not start within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code <event> <stage> <application>|<version>}, e.g. {@code StagePromoted DEV app|1.0.0}. */
  static String key(String event, String stage, String appVersion) {
    return event + " " + stage + " " + appVersion;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic :
          List.of(
              Topics.PROMOTIONS.name(),
              Topics.VERIFICATIONS.name(),
              Topics.PROMOTION_REQUESTS.name(),
              Topics.GATE_RESULTS.name())) {
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .forEach(partitions::add);
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      ready.countDown();
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          long at = System.nanoTime();
          String key;
          try {
            key = keyOf(r);
          } catch (RuntimeException notOurs) {
            // counted and reported: a record the bench cannot read is not an event it waits for
            undecodable.incrementAndGet();
            continue;
          }
          if (key != null) {
            seen.putIfAbsent(key, at);
          }
        }
        synchronized (this) {
          notifyAll();
        }
      }
    } catch (WakeupException stopping) {
      running = false;
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** The key of a record this watcher notes, null for any other event. */
  private String keyOf(ConsumerRecord<String, byte[]> r) {
    if (r.topic().equals(Topics.PROMOTION_REQUESTS.name())) {
      PromotionRequestsEnvelope e = Topics.PROMOTION_REQUESTS.serde().decode(r.value());
      if (e.getPayload() instanceof PromotionRequested p) {
        String at = p.getTargetStage() + " " + appVersion(e.getMeta().getArtifact());
        promotionIds.putIfAbsent(at, String.valueOf(e.getMeta().getPromotionId()));
        return key(REQUESTED, p.getTargetStage(), appVersion(e.getMeta().getArtifact()));
      }
      return null;
    }
    if (r.topic().equals(Topics.GATE_RESULTS.name())) {
      GateResultsEnvelope e = Topics.GATE_RESULTS.serde().decode(r.value());
      return e.getPayload() instanceof GatesEvaluated
          ? GATES + " " + e.getMeta().getPromotionId()
          : null;
    }
    if (r.topic().equals(Topics.PROMOTIONS.name())) {
      PromotionsEnvelope e = Topics.PROMOTIONS.serde().decode(r.value());
      if (e.getPayload() instanceof StagePromoted p) {
        return key(PROMOTED, p.getTargetStage(), appVersion(e.getMeta().getArtifact()));
      }
      if (e.getPayload() instanceof PromotionBlocked b) {
        return key(BLOCKED, b.getTargetStage(), appVersion(e.getMeta().getArtifact()));
      }
      return null;
    }
    VerificationsEnvelope e = Topics.VERIFICATIONS.serde().decode(r.value());
    ArtifactRef a = e.getMeta().getArtifact();
    if (e.getPayload() instanceof VerificationPassed v) {
      return key(PASSED, v.getStage(), appVersion(a));
    } else if (e.getPayload() instanceof VerificationFailed v) {
      return key(FAILED, v.getStage(), appVersion(a));
    } else if (e.getPayload() instanceof VerificationInconclusive v) {
      return key(INCONCLUSIVE, v.getStage(), appVersion(a));
    }
    return null;
  }

  private static String appVersion(ArtifactRef a) {
    return a.getApplication() + "|" + a.getVersion();
  }

  /**
   * When the gates of the promotion of {@code appVersion} into {@code stage} were seen, or null.
   */
  Long gatesSeen(String stage, String appVersion) {
    String id = promotionIds.get(stage + " " + appVersion);
    return id == null ? null : seen.get(GATES + " " + id);
  }

  /** When {@code key} was seen, null when not (yet). */
  Long seen(String key) {
    return seen.get(key);
  }

  /**
   * When {@code application} {@code version} entered {@code stage}, waiting up to {@code timeout};
   * null when not.
   */
  Long await(String stage, String application, String version, Duration timeout) {
    String key = key(PROMOTED, stage, application + "|" + version);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!seen.containsKey(key) && System.nanoTime() < deadline) {
        try {
          wait(Math.max(1, Math.min(5, (deadline - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
    return seen.get(key);
  }

  /**
   * Arrival times of those of {@code keys} seen so far, waiting up to {@code timeout} for all of
   * them.
   */
  Map<String, Long> awaitAll(Collection<String> keys, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !seen.keySet().containsAll(keys)) {
      synchronized (this) {
        try {
          wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    Map<String, Long> out = new HashMap<>();
    keys.forEach(
        k -> {
          Long at = seen.get(k);
          if (at != null) {
            out.put(k, at);
          }
        });
    return out;
  }

  long undecodable() {
    return undecodable.get();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
