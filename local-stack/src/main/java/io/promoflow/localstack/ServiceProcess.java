package io.promoflow.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One instance of one service as its own JVM ({@link ProcessStack}): {@code ServiceProcess
 * <service> <instance-id> <port>} with the home, broker port and policy of {@link
 * LocalStack.Settings#from} (system properties). The broker must be running. SIGTERM stops it
 * cleanly; the supervisor reads readiness from its {@code /actuator/health/readiness}.
 */
public final class ServiceProcess {

  private ServiceProcess() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: ServiceProcess <service> <instance-id> <port>");
      System.exit(2);
    }
    Service service =
        Arrays.stream(Service.values())
            .filter(s -> s.label().equals(args[0]))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no service " + args[0]));
    // one service per JVM, configured like the one-JVM stack: logback.xml, java.util.logging
    // bridged
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    LocalStack.Settings settings = LocalStack.Settings.from(System.getProperties());
    Path key = settings.home().resolve("attestation").resolve("private.pem");
    ConfigurableApplicationContext context =
        LocalStack.run(
            service,
            settings,
            "localhost:" + settings.kafkaPort(),
            key,
            args[1],
            Integer.parseInt(args[2]));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  context.close();
                  stopped.countDown();
                },
                "service-shutdown"));
    System.out.println(service.label() + "-" + args[1] + " started on port " + args[2]);
    stopped.await();
  }
}
