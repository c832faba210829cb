package io.promoflow.rules.policy;

import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * Renders Jackson's location of a bad value as a path users recognise: {@code
 * transitions[2].approval.quorum}. Used by {@link PolicyLoader} and by the services' problem
 * responses (platform {@code ProblemResponses}), so a bad key reads the same in a policy error and
 * in a 400.
 */
public final class JsonPaths {

  private JsonPaths() {}

  /** The dotted path of {@code refs}; empty for the document itself. */
  public static String format(List<JacksonException.Reference> refs) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : refs) {
      if (ref.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
