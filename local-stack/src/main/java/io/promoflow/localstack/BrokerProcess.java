package io.promoflow.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The broker of {@code ./promoflow up --processes} as its own JVM ({@link ProcessStack}): a {@link
 * KafkaBroker} on {@code <promoflow.home>/kafka} with the ports of {@link
 * LocalStack.Settings#from}, identities applied. Once it answers it writes {@code
 * <home>/broker.ready} (the supervisor waits for that file); SIGTERM stops it cleanly.
 */
public final class BrokerProcess {

  /** The file written when the broker is ready: it holds the bootstrap address. */
  static final String READY_FILE = "broker.ready";

  private BrokerProcess() {}

  public static void main(String[] args) throws InterruptedException, IOException {
    LocalStack.Settings settings = LocalStack.Settings.from(System.getProperties());
    long t0 = System.nanoTime();
    KafkaBroker broker =
        KafkaBroker.start(
            settings.home().resolve("kafka"), settings.kafkaPort(), settings.controllerPort());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "broker-shutdown"));
    Path ready = settings.home().resolve(READY_FILE);
    Files.writeString(ready, broker.bootstrap() + "\n");
    System.out.printf(
        "broker ready on %s after %d ms%n",
        broker.bootstrap(), (System.nanoTime() - t0) / 1_000_000);
    stopped.await();
  }
}
