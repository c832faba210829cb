package io.promoflow.platform.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class (or method) only where every named program is installed: an absolute path that
 * is executable, or a name found executable on {@code PATH}. Elsewhere the tests are reported
 * skipped, naming what is missing. Evaluated by JUnit before any test instance exists, so before a
 * Spring test context would load (an assumption inside a {@code @DynamicPropertySource} fails the
 * context instead: the test errors).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresExecutableCondition.class)
public @interface RequiresExecutable {

  /** Program names ({@code prometheus}, {@code chromium}) or absolute paths. */
  String[] value();
}
