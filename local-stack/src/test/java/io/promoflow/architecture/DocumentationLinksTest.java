package io.promoflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract lives inside the repository (issue 13 point 5): every relative markdown link of
 * {@code README.md}, {@code docs/*.md} and each module's {@code README.md} names a file or
 * directory of this repository, and nothing names {@code ../shared} (README and docs/contract.md
 * once linked {@code ../shared/DESIGN.md}, dead in any clone). Web and mail links and links to an
 * anchor of the same page are not checked. Maven runs this module's tests in {@code local-stack/},
 * so the repository is its parent directory.
 */
class DocumentationLinksTest {

  /** The outside-the-repository location the old documents pointed to. */
  private static final String OUTSIDE = "../" + "shared";

  /** {@code ](target)} or {@code ](target "title")}: the target of an inline link or image. */
  private static final Pattern LINK =
      Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

  private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
    List<Path> documents = documents(ROOT);
    assertThat(documents)
        .as("documents under " + ROOT)
        .contains(
            ROOT.resolve("README.md"),
            ROOT.resolve("docs/architecture.md"),
            ROOT.resolve("schemas/README.md"));
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path doc : documents) {
      String text = Files.readString(doc);
      String name = ROOT.relativize(doc).toString().replace('\\', '/');
      if (text.contains(OUTSIDE)) {
        problems.add(name + ": names " + OUTSIDE + ", which is outside the repository");
      }
      for (String link : links(text)) {
        String problem = problem(doc, link);
        checked++;
        if (problem != null) {
          problems.add(name + ": (" + link + ") " + problem);
        }
      }
    }
    assertThat(checked).as("links checked").isGreaterThan(20);
    assertThat(problems).as("broken documentation links").isEmpty();
  }

  @Test
  void linksAreTakenFromTextNotFromCode() {
    String markdown =
        """
        See [`docs/architecture.md`](docs/architecture.md) and [a](b.md#part "title"), ![img](<pic.png>).
        Inline `[not](a-link.md)` and [web](https://example.com).
        ```
        [also not](code-block.md)
        ```
        [after](c.md)
        """;
    assertThat(links(markdown))
        .containsExactly(
            "docs/architecture.md", "b.md#part", "pic.png", "https://example.com", "c.md");
  }

  @Test
  void aMissingTargetIsReportedUnlessPendingAndAbsent() {
    Path readme = ROOT.resolve("README.md");
    assertThat(problem(readme, "docs/architecture.md#modules-top-level")).isNull();
    assertThat(problem(readme, "#quick-start")).isNull();
    assertThat(problem(readme, "mailto:someone@example.com")).isNull();
    assertThat(problem(readme, "docs/no-such-file.md"))
        .isEqualTo("target docs/no-such-file.md does not exist");
    assertThat(problem(readme, "../outside.md")).isEqualTo("points outside the repository");
    assertThat(problem(readme, "file:///etc/hosts"))
        .isEqualTo("not a relative link nor http(s)/mailto");
    assertThat(problem(ROOT.resolve("docs/architecture.md"), "../gate-service/README.md"))
        .as("pending README: absent is allowed, present must resolve anyway")
        .isNull();
  }

  /**
   * README.md, docs/*.md and every top-level directory's README.md (hidden directories left out).
   */
  static List<Path> documents(Path root) throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    try (Stream<Path> dirs = Files.list(root)) {
      dirs.filter(Files::isDirectory)
          .filter(d -> !d.getFileName().toString().startsWith("."))
          .map(d -> d.resolve("README.md"))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(documents::add);
    }
    return documents;
  }

  /**
   * The targets of the inline links and images of {@code markdown}, outside code blocks and code
   * spans, in order.
   */
  static List<String> links(String markdown) {
    List<String> links = new ArrayList<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
      while (m.find()) {
        links.add(m.group(1));
      }
    }
    return links;
  }

  /**
   * What is wrong with {@code link} in {@code doc}, or null: web, mail and same-page anchor links
   * are fine; a relative link must stay inside the repository and name an existing file or
   * directory.
   */
  static String problem(Path doc, String link) {
    String lower = link.toLowerCase(Locale.ROOT);
    if (link.startsWith("#")
        || lower.startsWith("http://")
        || lower.startsWith("https://")
        || lower.startsWith("mailto:")) {
      return null;
    }
    if (SCHEME.matcher(link).find() || link.startsWith("/")) {
      return "not a relative link nor http(s)/mailto";
    }
    String path = link.replaceAll("[#?].*$", "");
    Path target = doc.getParent().resolve(path).normalize();
    if (!target.startsWith(ROOT)) {
      return "points outside the repository";
    }
    if (Files.exists(target)) {
      return null;
    }
    return "target " + ROOT.relativize(target).toString().replace('\\', '/') + " does not exist";
  }
}
