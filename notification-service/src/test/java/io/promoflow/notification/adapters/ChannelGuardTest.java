package io.promoflow.notification.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChannelGuardTest {

  final ChannelGuard guard =
      new ChannelGuard(
          RetryRegistry.of(
              RetryConfig.custom()
                  .maxAttempts(3)
                  .waitDuration(Duration.ofMillis(1))
                  .ignoreExceptions(CallNotPermittedException.class)
                  .build()),
          CircuitBreakerRegistry.of(
              CircuitBreakerConfig.custom()
                  .slidingWindowSize(4)
                  .minimumNumberOfCalls(4)
                  .failureRateThreshold(50)
                  .waitDurationInOpenState(Duration.ofMinutes(1))
                  .build()));

  @Test
  void aChannelThatRecoversIsRetriedUntilItAnswers() {
    AtomicInteger attempts = new AtomicInteger();
    guard.call(
        "slack",
        () -> {
          if (attempts.get() < 3) {
            throw new IllegalStateException("503");
          }
        },
        attempts);
    assertThat(attempts).hasValue(3);
  }

  @Test
  void aChannelThatKeepsFailingOpensItsCircuitAndThenFailsFastWithoutCalls() {
    AtomicInteger calls = new AtomicInteger();
    Runnable down =
        () -> {
          throw new IllegalStateException("connection refused");
        };
    assertThatThrownBy(() -> guard.call("webhook", down, calls)).hasMessage("connection refused");
    // the 4th failure opens the circuit (window of 4, 50 %): the retry after it is refused, not
    // attempted
    assertThatThrownBy(() -> guard.call("webhook", down, calls))
        .isInstanceOf(CallNotPermittedException.class);
    assertThat(calls).hasValue(4);
    AtomicInteger afterOpen = new AtomicInteger();
    assertThatThrownBy(() -> guard.call("webhook", down, afterOpen))
        .isInstanceOf(CallNotPermittedException.class);
    assertThat(afterOpen).hasValue(0);
    // circuits are per channel: slack is unaffected
    AtomicInteger slack = new AtomicInteger();
    guard.call("slack", () -> {}, slack);
    assertThat(slack).hasValue(1);
  }
}
