package io.promoflow.console.domain.board;

import java.util.List;
import java.util.Map;

/**
 * What a service answered: its HTTP status and its JSON body (maps, lists, strings, numbers), or
 * the {@code detail} of its problem+json.
 *
 * @param status HTTP status; 503 when the service could not be reached
 * @param body the decoded JSON body, or null
 * @param problem the problem's {@code detail} (the service's own words, e.g. a 403 reason), or null
 */
public record Answer(int status, Object body, String problem) {

  /** An answer with a body. */
  public static Answer ok(int status, Object body) {
    return new Answer(status, body, null);
  }

  /** A refusal or failure with the service's reason. */
  public static Answer refused(int status, String problem) {
    return new Answer(status, null, problem);
  }

  /** True for a 2xx status. */
  public boolean isOk() {
    return status >= 200 && status < 300;
  }

  /**
   * The body as a JSON object; empty when it is none (fail closed: nothing shown, never guessed).
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> object() {
    return isOk() && body instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The body as a JSON array of objects; empty when it is none. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> list() {
    return isOk() && body instanceof List<?> l
        ? l.stream().filter(Map.class::isInstance).map(x -> (Map<String, Object>) x).toList()
        : List.of();
  }

  /** What to tell a person when the answer is not 2xx: the service's reason, else its status. */
  public String reason() {
    return problem != null && !problem.isBlank() ? problem : "HTTP " + status;
  }
}
