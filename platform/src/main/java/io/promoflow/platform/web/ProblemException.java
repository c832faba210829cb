package io.promoflow.platform.web;

import org.springframework.http.HttpStatus;

/**
 * A request that cannot be served, answered as {@code application/problem+json} with {@code
 * status}, {@code title}, {@code detail} and, when the problem is one input, the {@code field} it
 * concerns.
 */
public class ProblemException extends RuntimeException {

  private final HttpStatus status;
  private final String title;
  private final String field;

  public ProblemException(
      HttpStatus status, String title, String detail, String field, Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.title = title;
    this.field = field;
  }

  /** 400 about one input field. */
  public static ProblemException badField(String field, String detail) {
    return new ProblemException(
        HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + detail, field, null);
  }

  /** 404: {@code what} does not exist. */
  public static ProblemException notFound(String what) {
    return new ProblemException(
        HttpStatus.NOT_FOUND, "Not found", what + " does not exist", null, null);
  }

  /** 403 with the reason. */
  public static ProblemException forbidden(String detail) {
    return new ProblemException(HttpStatus.FORBIDDEN, "Forbidden", detail, null, null);
  }

  /** 409 with the reason. */
  public static ProblemException conflict(String detail, String field) {
    return new ProblemException(HttpStatus.CONFLICT, "Conflict", detail, field, null);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The input the problem concerns, or null. */
  public String field() {
    return field;
  }
}
