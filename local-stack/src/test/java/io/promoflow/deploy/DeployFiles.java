package io.promoflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads the deployment files of the repository for the tests of this package. SnakeYAML, not
 * Jackson: it expands aliases and merge keys ({@code <<: *service}), as docker compose does, so a
 * test sees each service as compose does. Maven runs this module's tests in {@code local-stack/},
 * so the repository is its parent directory.
 */
final class DeployFiles {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private DeployFiles() {}

  static String text(String relative) {
    try {
      return Files.readString(ROOT.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one YAML document of a file, as maps and lists. */
  static Map<String, Object> yaml(String relative) {
    return map(yaml().load(text(relative)));
  }

  /** Every YAML document of a file (Kubernetes manifests separated by {@code ---}). */
  static List<Map<String, Object>> documents(Path file) {
    try {
      List<Map<String, Object>> docs = new ArrayList<>();
      for (Object doc : yaml().loadAll(Files.readString(file))) {
        if (doc != null) {
          docs.add(map(doc));
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(options);
  }

  /** {@code value} as a map; an absent value as an empty map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    if (value == null) {
      return new LinkedHashMap<>();
    }
    if (!(value instanceof Map)) {
      throw new AssertionError("not a mapping: " + value);
    }
    return (Map<String, Object>) value;
  }

  /** {@code value} as a list; an absent value as an empty list. */
  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    if (value == null) {
      return new ArrayList<>();
    }
    if (!(value instanceof List)) {
      throw new AssertionError("not a sequence: " + value);
    }
    return (List<Object>) value;
  }

  /** The value at a path of keys, or null. */
  static Object at(Map<String, Object> root, String... keys) {
    Object current = root;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  /** The keys of {@code .env.example}, in order. */
  static List<String> envExampleKeys() {
    List<String> keys = new ArrayList<>();
    for (String line : text(".env.example").split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
        keys.add(l.substring(0, l.indexOf('=')));
      }
    }
    return keys;
  }

  /** Runs a program in the repository, returning its exit code and output. */
  static Result run(List<String> command) {
    try {
      Process p =
          new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Result(int exitCode, String output) {}
}
