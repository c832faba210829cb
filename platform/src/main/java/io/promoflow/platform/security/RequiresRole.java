package io.promoflow.platform.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles a route needs: the caller must hold at least one of {@link #value()} (or, with {@link
 * #approvers()}, one of the roles the pipeline policy lets approve). Checked by {@link RouteRoles}
 * in the security filter chain, before the request body is read or a multipart upload is parsed, so
 * a caller without the role gets 403 however large or malformed the body is (GitHub issue 11 point
 * 5). Every mutating {@code /api/**} route must carry it: a service with one that does not refuses
 * to start.
 *
 * <p>Without the annotation a read needs any valid token. On a method it replaces one on the class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {

  /** Roles (without {@code ROLE_}) of which the caller needs one. */
  String[] value() default {};

  /**
   * Also accept every role the pipeline policy names as an approver (transition, hotfix and
   * rollback approvals: {@code roles}, {@code allOf} and {@code escalationRole}), so that a role
   * added to the policy may decide without a code change.
   */
  boolean approvers() default false;
}
