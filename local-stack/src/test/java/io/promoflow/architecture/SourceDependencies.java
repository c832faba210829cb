package io.promoflow.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Package dependencies as the sources state them: every {@code io.promoflow.…} type a main source
 * file names (imports, static imports and qualified names; comments left out). The bytecode misses
 * a dependency on a class that is used only for its {@code static final} constants, because javac
 * copies them into the user (JLS 13.1); the trigger's {@code trigger.build -> trigger.flow}
 * store-name cycle was of that kind.
 */
final class SourceDependencies {

  private static final Pattern PACKAGE =
      Pattern.compile("^package\\s+([a-z0-9_.]+)\\s*;", Pattern.MULTILINE);

  /**
   * A qualified reference: a lower-case package path followed by a type (upper case) or a wildcard.
   */
  /**
   * Comments name types they do not use ({@code {@link}}, prose): block, whole-line and trailing
   * comments.
   */
  private static final Pattern COMMENT =
      Pattern.compile("/\\*.*?\\*/|(?m)^\\s*//[^\n]*$|(?m)\\s//[^\"\n]*$", Pattern.DOTALL);

  private static final Pattern REFERENCE =
      Pattern.compile("\\bio\\.promoflow((?:\\.[a-z0-9_]+)+)\\.(?:[A-Z]|\\*)");

  private final Map<String, Set<String>> edges;
  private final int files;

  private SourceDependencies(Map<String, Set<String>> edges, int files) {
    this.edges = edges;
    this.files = files;
  }

  /**
   * The slice of a package: {@code <module>.<package>} for {@code
   * io.promoflow.<module>.<package>…}, {@code <module>} for a module's root package, null outside
   * {@code io.promoflow}.
   */
  static String sliceOf(String packageName) {
    if (!packageName.startsWith("io.promoflow.")) {
      return null;
    }
    String[] parts = packageName.substring("io.promoflow.".length()).split("\\.");
    return parts.length == 1 ? parts[0] : parts[0] + "." + parts[1];
  }

  /** The dependencies of every {@code <module>/src/main/java} below {@code root}. */
  static SourceDependencies read(Path root) throws IOException {
    Map<String, Set<String>> edges = new TreeMap<>();
    int files = 0;
    try (Stream<Path> modules = Files.list(root)) {
      for (Path main :
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> sources = Files.walk(main)) {
          for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
            files++;
            add(edges, Files.readString(file));
          }
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new SourceDependencies(edges, files);
  }

  /** Adds the dependencies of one source file. */
  static void add(Map<String, Set<String>> edges, String text) {
    String source = COMMENT.matcher(text).replaceAll(" ");
    Matcher pkg = PACKAGE.matcher(source);
    String from = pkg.find() ? sliceOf(pkg.group(1)) : null;
    if (from == null) {
      return;
    }
    Matcher ref = REFERENCE.matcher(source);
    while (ref.find()) {
      String to = sliceOf("io.promoflow" + ref.group(1));
      if (to != null && !to.equals(from)) {
        edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
      }
    }
  }

  /** Source files read. */
  int files() {
    return files;
  }

  /** {@code from -> to} slice edges. */
  Map<String, Set<String>> edges() {
    return edges;
  }

  /**
   * Every group of slices that depend on each other in a circle (strongly connected components with
   * more than one slice), each as its sorted slices with the edges between them, ignoring the edges
   * in {@code ignored} ({@code "from -> to"}).
   */
  List<String> cycles(Set<String> ignored) {
    return cycles(edges, ignored);
  }

  static List<String> cycles(Map<String, Set<String>> edges, Set<String> ignored) {
    Map<String, Set<String>> graph = new TreeMap<>();
    edges.forEach(
        (from, tos) ->
            tos.stream()
                .filter(to -> !ignored.contains(from + " -> " + to))
                .forEach(to -> graph.computeIfAbsent(from, k -> new TreeSet<>()).add(to)));
    List<String> found = new ArrayList<>();
    for (Set<String> component : new Tarjan(graph).components()) {
      if (component.size() > 1) {
        List<String> inside = new ArrayList<>();
        for (String from : component) {
          for (String to : graph.getOrDefault(from, Set.of())) {
            if (component.contains(to)) {
              inside.add(from + " -> " + to);
            }
          }
        }
        found.add(component + ": " + inside);
      }
    }
    return found;
  }

  /** Tarjan's strongly connected components. */
  private static final class Tarjan {
    private final Map<String, Set<String>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<Set<String>> components = new ArrayList<>();

    Tarjan(Map<String, Set<String>> graph) {
      this.graph = graph;
    }

    List<Set<String>> components() {
      for (String node : graph.keySet()) {
        if (!index.containsKey(node)) {
          visit(node);
        }
      }
      return components;
    }

    private void visit(String node) {
      index.put(node, index.size());
      low.put(node, index.get(node));
      stack.push(node);
      onStack.add(node);
      for (String next : graph.getOrDefault(node, Set.of())) {
        if (!index.containsKey(next)) {
          visit(next);
          low.put(node, Math.min(low.get(node), low.get(next)));
        } else if (onStack.contains(next)) {
          low.put(node, Math.min(low.get(node), index.get(next)));
        }
      }
      if (low.get(node).equals(index.get(node))) {
        Set<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.add(member);
        } while (!member.equals(node));
        components.add(component);
      }
    }
  }
}
