package io.promoflow.platform.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A mutating {@code /api/**} route whose caller is not a Promoflow principal but an outside system
 * that signs each request (Slack's {@code X-Slack-Signature}), verified by the route's controller
 * before anything is read from the body. The service serves it through a filter chain of its own
 * that lets the request through without a bearer token; {@link RouteRoles} counts the route as
 * declared. Should the request reach the public chain instead, it is refused like any request
 * without a token (401): forgetting that chain fails closed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AuthenticatedBySignature {

  /** The header carrying the signature, for messages and documentation. */
  String value();
}
