package io.promoflow.trigger.api;

import io.promoflow.trigger.domain.EvidenceWarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the service is ready, parses generated evidence ({@link EvidenceWarmUp}) on a background
 * thread of low priority, so that the first build's evidence does not pay for loading and compiling
 * the parsers on the request path (measured: docs/performance.md "SBOM"). It changes no state and
 * readiness does not wait for it; a failure is logged, never fatal: requests then parse cold, as
 * before.
 */
@Component
class EvidenceParserWarmUp {

  private static final Logger log = LoggerFactory.getLogger(EvidenceParserWarmUp.class);

  @EventListener(ApplicationReadyEvent.class)
  void warmUp() {
    Thread thread =
        new Thread(
            () -> {
              long t0 = System.nanoTime();
              try {
                int parsed = EvidenceWarmUp.run(EvidenceWarmUp.ROUNDS);
                log.info(
                    "evidence parsers warmed up: {} documents in {} ms",
                    parsed,
                    (System.nanoTime() - t0) / 1_000_000);
              } catch (RuntimeException e) {
                log.warn("evidence parser warm-up failed (requests parse cold): {}", e.toString());
              }
            },
            "evidence-warm-up");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }
}
