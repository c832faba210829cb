package io.promoflow.cli;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for the system to reach a state, as a user watching it would. */
final class Poll {

  private Poll() {}

  /**
   * Evaluates {@code done} every {@code interval} until it holds or {@code timeout} passes.
   *
   * @return true when {@code done} held in time
   */
  static boolean until(Duration interval, Duration timeout, BooleanSupplier done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (done.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(interval.toNanos());
    }
    return done.getAsBoolean();
  }
}
