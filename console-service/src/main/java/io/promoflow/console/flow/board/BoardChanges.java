package io.promoflow.console.flow.board;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells every subscriber (each connected browser's event stream) what changed. A subscriber that
 * fails is dropped; the others still hear of the change.
 */
@Component
public class BoardChanges {

  private static final Logger log = LoggerFactory.getLogger(BoardChanges.class);
  private final List<Consumer<BoardChange>> subscribers = new CopyOnWriteArrayList<>();

  /**
   * Adds {@code subscriber}.
   *
   * @return removes it again
   */
  public Runnable subscribe(Consumer<BoardChange> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** How many browsers listen (a gauge for tests and health). */
  public int subscribers() {
    return subscribers.size();
  }

  /** Tells every subscriber. */
  public void publish(BoardChange change) {
    for (Consumer<BoardChange> s : subscribers) {
      try {
        s.accept(change);
      } catch (RuntimeException e) {
        // a closed browser connection: it reconnects by itself (EventSource) and subscribes anew
        log.debug("dropping a board subscriber: {}", e.toString());
        subscribers.remove(s);
      }
    }
  }
}
