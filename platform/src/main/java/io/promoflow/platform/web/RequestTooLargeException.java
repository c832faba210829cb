package io.promoflow.platform.web;

import java.io.IOException;

/**
 * A request body grew past its route's limit while it was read (a chunked body has no
 * Content-Length to check first). Thrown by the body's stream, so that whatever reads it stops;
 * answered 413 ({@link ProblemResponses}).
 */
public class RequestTooLargeException extends IOException {

  private final long limit;

  public RequestTooLargeException(long limit) {
    super("the request body exceeds the limit of " + limit + " bytes");
    this.limit = limit;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }

  /**
   * The exception in {@code e}'s causes, or null: readers wrap it (Jackson, message converters, the
   * container).
   */
  public static RequestTooLargeException in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RequestTooLargeException tooLarge) {
        return tooLarge;
      }
    }
    return null;
  }
}
