package io.promoflow.notification.adapters;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Calls a channel through its circuit breaker, retried with exponential backoff (resilience4j
 * instances named after the channel: {@code resilience4j.retry.instances.slack}, {@code
 * resilience4j.circuitbreaker.instances.slack}, …). An open circuit fails at once and is not
 * retried.
 */
@Component
public class ChannelGuard {

  private final RetryRegistry retries;
  private final CircuitBreakerRegistry breakers;

  public ChannelGuard(RetryRegistry retries, CircuitBreakerRegistry breakers) {
    this.retries = retries;
    this.breakers = breakers;
  }

  /**
   * Runs {@code call} for {@code channel}.
   *
   * @param attempts counts the calls made (first try plus retries)
   * @throws RuntimeException the last failure once retries are exhausted, or {@code
   *     CallNotPermittedException} while the circuit is open
   */
  public void call(String channel, Runnable call, AtomicInteger attempts) {
    Retry retry = retries.retry(channel);
    CircuitBreaker breaker = breakers.circuitBreaker(channel);
    Retry.decorateRunnable(
            retry,
            CircuitBreaker.decorateRunnable(
                breaker,
                () -> {
                  attempts.incrementAndGet();
                  call.run();
                }))
        .run();
  }
}
