package io.promoflow.console.flow;

import io.promoflow.console.domain.dora.DoraFigures;
import io.promoflow.console.domain.dora.DoraFormulas;
import io.promoflow.console.domain.dora.DoraHistory;
import io.promoflow.platform.streams.StoreQueries;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The DORA figures as of now (the console's clock ends the window; every duration inside it is
 * between event times), from the histories {@link DoraTopology} keeps.
 */
@Service
public class DoraQueries {

  private final StoreQueries stores;
  private final Clock clock;

  public DoraQueries(StoreQueries stores, Clock clock) {
    this.stores = stores;
    this.clock = clock;
  }

  /**
   * The figures of {@code stage} over the {@code window} ending now: of one application, or of
   * every application pooled when {@code application} is null. An application without events has
   * the figures of an empty window.
   *
   * @throws io.promoflow.platform.web.ProblemException 503 while the store cannot be read
   */
  public DoraFigures figures(String application, String stage, Duration window) {
    List<DoraHistory> histories =
        application == null
            ? stores.all(DoraTopology.HISTORIES, DoraHistory.class)
            : stores.get(DoraTopology.HISTORIES, application, DoraHistory.class).stream().toList();
    return DoraFormulas.figures(
        histories, stage, DoraFormulas.Window.ending(clock.instant(), window));
  }

  /**
   * The figures of each application this instance holds (its own partitions, so that several
   * instances export each application once), for {@code stage} over {@code window} ending now.
   */
  public List<Row> local(List<String> stages, Duration window) {
    DoraFormulas.Window w = DoraFormulas.Window.ending(clock.instant(), window);
    return stores.<DoraHistory>allLocal(DoraTopology.HISTORIES).stream()
        .flatMap(
            h ->
                stages.stream()
                    .map(s -> new Row(h.application(), s, DoraFormulas.figures(List.of(h), s, w))))
        .toList();
  }

  /** The figures of one application and stage. */
  public record Row(String application, String stage, DoraFigures figures) {}
}
