package io.promoflow.platform.web;

import io.promoflow.rules.policy.JsonPaths;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error of every route as RFC 9457 {@code application/problem+json}. Input errors name the
 * field ({@code field} for one, {@code errors[].field} for several).
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ProblemResponses extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  @ExceptionHandler(ProblemException.class)
  ResponseEntity<ProblemDetail> problem(ProblemException e) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    body.setTitle(e.title());
    if (e.field() != null) {
      body.setProperty("field", e.field());
    }
    if (e.status().is5xxServerError()) {
      log.warn("{}: {}", e.title(), e.getMessage(), e.getCause());
    }
    return ResponseEntity.status(e.status()).body(body);
  }

  @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
  ResponseEntity<ProblemDetail> denied(
      org.springframework.security.access.AccessDeniedException e) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    body.setTitle("Forbidden");
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(body);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    RequestTooLargeException tooLarge = RequestTooLargeException.in(e);
    if (tooLarge != null) {
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
    }
    log.error("unexpected error serving a request", e);
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "unexpected error: " + e.getClass().getSimpleName() + " (see the service log)");
    body.setTitle("Internal error");
    return ResponseEntity.internalServerError().body(body);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(
                f ->
                    Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
            .toList();
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            errors.stream()
                .map(e -> e.get("field") + ": " + e.get("message"))
                .sorted()
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request"));
    body.setTitle("Invalid request");
    body.setProperty("errors", errors);
    // one field, even when it breaks several constraints (NaN is both below the minimum and above
    // the maximum)
    List<String> fields = errors.stream().map(e -> e.get("field")).distinct().toList();
    if (fields.size() == 1) {
      body.setProperty("field", fields.get(0));
    }
    return ResponseEntity.badRequest().body(body);
  }

  /**
   * A query or path parameter that is not of its type ({@code ?limit=abc}): 400 naming the
   * parameter.
   */
  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      org.springframework.beans.TypeMismatchException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String name = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            name
                + ": "
                + ex.getValue()
                + " is not a valid "
                + (ex.getRequiredType() == null
                    ? "value"
                    : ex.getRequiredType().getSimpleName().toLowerCase(java.util.Locale.ROOT)));
    body.setTitle("Invalid request");
    body.setProperty("field", name);
    return ResponseEntity.badRequest().body(body);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    RequestTooLargeException tooLarge = RequestTooLargeException.in(ex);
    if (tooLarge != null) {
      // a chunked body passed its route's limit while it was read (RequestSizeLimitFilter)
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
    }
    ProblemDetail body = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
    body.setTitle("Malformed request body");
    Throwable cause = ex.getCause();
    if (cause instanceof JacksonException je) {
      String field = JsonPaths.format(je.getPath());
      body.setDetail((field.isEmpty() ? "body" : field) + ": " + je.getOriginalMessage());
      if (!field.isEmpty()) {
        body.setProperty("field", field);
      }
    } else {
      body.setDetail("the body is missing or is not JSON");
    }
    return ResponseEntity.badRequest().body(body);
  }

  private static ProblemDetail tooLarge(RequestTooLargeException e) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    body.setTitle("Content too large");
    body.setProperty("field", "body");
    return body;
  }
}
