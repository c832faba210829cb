package io.promoflow.console.api.board;

import io.promoflow.console.flow.board.BoardChange;
import io.promoflow.console.flow.board.BoardChanges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /board/events}: Server-Sent Events telling a signed-in browser which application and
 * promotion changed ({@code event: change}, {@code data: {"application", "promotionId", "event",
 * "releaseId"}}). The page then fetches its fragment again from the services; the stream itself
 * carries no data of the events. A stream ends after {@value #TIMEOUT_MS} ms and the browser's
 * EventSource reconnects.
 */
@RestController
public class BoardEvents {

  static final long TIMEOUT_MS = 10 * 60_000L;
  private final BoardChanges changes;

  public BoardEvents(BoardChanges changes) {
    this.changes = changes;
  }

  @GetMapping(path = "/board/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter events() throws IOException {
    SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
    Runnable unsubscribe =
        changes.subscribe(
            change -> {
              try {
                emitter.send(SseEmitter.event().name("change").data(data(change)));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    emitter.onCompletion(unsubscribe);
    emitter.onTimeout(unsubscribe);
    emitter.onError(e -> unsubscribe.run());
    // tells the page the stream is open (its "live" indicator)
    emitter.send(SseEmitter.event().name("ready").data("{}"));
    return emitter;
  }

  private static Map<String, String> data(BoardChange change) {
    return Map.of(
        "application", change.application() == null ? "" : change.application(),
        "promotionId", change.promotionId() == null ? "" : change.promotionId(),
        "event", change.event() == null ? "" : change.event(),
        "releaseId", change.releaseId() == null ? "" : change.releaseId());
  }
}
