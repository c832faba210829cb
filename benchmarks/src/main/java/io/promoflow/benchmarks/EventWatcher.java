package io.promoflow.benchmarks;

import io.promoflow.schemas.KafkaCredentials;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import java.time.Duration;
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
 * Watches {@code promoflow.promotions.v1} (read_committed, from its end at start) and notes when
 * each {@code StagePromoted} into {@code stage} became visible, by {@code <application>|<version>}:
 * what a downstream consumer of Promoflow sees. Times are {@link System#nanoTime()}.
 */
final class PromotionWatcher implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final String stage;
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final AtomicLong undecodable = new AtomicLong();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  PromotionWatcher(String bootstrap, KafkaCredentials admin, String stage) {
    this.stage = stage;
    Map<String, Object> config = new HashMap<>(admin.clientProperties());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    thread = new Thread(this::run, "bench-promotion-watcher");
    thread.setDaemon(true);
    thread.start();
    try {
      if (!ready.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the promotions topic watcher did not start within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void run() {
    try {
      String topic = Topics.PROMOTIONS.name();
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      ready.countDown();
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          long at = System.nanoTime();
          PromotionsEnvelope e;
          try {
            e = Topics.PROMOTIONS.serde().decode(r.value());
          } catch (RuntimeException notOurs) {
            // counted and reported: a record the bench cannot read is not a promotion it waits for
            undecodable.incrementAndGet();
            continue;
          }
          if (e.getPayload() instanceof StagePromoted p && stage.equals(p.getTargetStage())) {
            ArtifactRef a = e.getMeta().getArtifact();
            seen.putIfAbsent(a.getApplication() + "|" + a.getVersion(), at);
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

  /**
   * When {@code application} {@code version} entered the stage, waiting up to {@code timeout}; null
   * when not.
   */
  Long await(String application, String version, Duration timeout) {
    String key = application + "|" + version;
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
