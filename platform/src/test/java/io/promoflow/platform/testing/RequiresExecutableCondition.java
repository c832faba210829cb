package io.promoflow.platform.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The condition behind {@link RequiresExecutable}. */
public final class RequiresExecutableCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RequiresExecutable> required =
        context
            .getElement()
            .flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresExecutable.class));
    if (required.isEmpty()) {
      return ConditionEvaluationResult.enabled("no program required");
    }
    List<String> missing =
        Arrays.stream(required.get().value()).filter(p -> find(p).isEmpty()).toList();
    return missing.isEmpty()
        ? ConditionEvaluationResult.enabled(
            "installed: " + String.join(", ", required.get().value()))
        : ConditionEvaluationResult.disabled(
            "not installed (absolute path or on PATH): " + String.join(", ", missing));
  }

  /**
   * The executable {@code program} resolves to: itself when absolute, else the first match on
   * {@code PATH}.
   */
  public static Optional<Path> find(String program) {
    Path p = Path.of(program);
    if (p.isAbsolute()) {
      return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, program))
        .filter(c -> Files.isExecutable(c) && !Files.isDirectory(c))
        .findFirst();
  }
}
