package io.promoflow.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository is: {@code PROMOFLOW_HOME} (set by ./promoflow), else the working directory
 * or its parent.
 */
final class Home {

  private Home() {}

  /** The repository's root: the first of those that holds {@code config/pipeline-local.yaml}. */
  static Path root() {
    String env = System.getenv("PROMOFLOW_HOME");
    for (Path candidate :
        new Path[] {env == null ? null : Path.of(env), Path.of("."), Path.of("..")}) {
      if (candidate != null
          && Files.isRegularFile(candidate.resolve("config/pipeline-local.yaml"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "config/pipeline-local.yaml not found: run from the repository or set PROMOFLOW_HOME");
  }

  /** The local stack's pipeline policy. */
  static Path policyFile() {
    return root().resolve("config/pipeline-local.yaml");
  }
}
