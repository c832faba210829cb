package io.promoflow.console.api.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.console.domain.board.Answer;
import io.promoflow.console.domain.board.Releases;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;
import tools.jackson.databind.json.JsonMapper;

/**
 * The release page and the board's releases section rendered by Thymeleaf with Spring's dialect, as
 * the console renders them, from the models {@link ReleasePage} and {@link BoardController} fill:
 * every expression resolves, links go to the promotion and release pages, a refusal is shown.
 */
class ReleaseTemplatesTest {

  static final List<String> STAGES = List.of("DEV", "QA", "STAGING", "PROD");

  static String render(String template, Map<String, Object> variables) {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    SpringTemplateEngine engine = new SpringTemplateEngine();
    engine.setTemplateResolver(resolver);
    MockServletContext servletContext = new MockServletContext();
    WebContext context =
        new WebContext(
            JakartaServletWebApplication.buildApplication(servletContext)
                .buildExchange(
                    new MockHttpServletRequest(servletContext), new MockHttpServletResponse()),
            Locale.ENGLISH,
            variables);
    return engine.process(template, context);
  }

  static Map<String, Object> releaseModel(Answer release) {
    Map<String, Object> model = new HashMap<>();
    model.put("person", null);
    model.put("now", Instant.parse("2026-11-21T12:00:00Z"));
    model.put("releaseId", "rel-1");
    model.put("release", release);
    model.put("stages", STAGES);
    model.put("view", Releases.view(release, STAGES));
    return model;
  }

  @Test
  void theReleasePageShowsComponentsGatesPromotionsRollbacksAndTimeline() {
    Answer release =
        Answer.ok(
            200,
            JsonMapper.builder()
                .build()
                .readValue(
                    io.promoflow.console.domain.board.ReleasesTestDocuments.RELEASE, Map.class));

    String html = render("release", releaseModel(release));

    assertThat(html)
        .contains("data-release=\"rel-1\"")
        .contains("2026.47.0")
        .contains("href=\"/promotions/p-c\"")
        .contains("href=\"/promotions/p-k2\"")
        .contains("href=\"/promotions/p-rb\"")
        .contains("verification pending")
        .contains("checkout→inventory")
        .contains("nothing to roll back to")
        .contains("checkout rejected by rm")
        .contains("ReleaseCreated")
        .contains("v-failed");
  }

  @Test
  void aReleaseTheServiceRefusedShowsItsReason() {
    String html = render("release", releaseModel(Answer.refused(404, "no release rel-1")));

    assertThat(html).contains("trigger-service: no release rel-1").doesNotContain("Timeline");
  }

  @Test
  void theBoardListsTheLatestReleasesLinkedToTheirPages() {
    Map<String, Object> model = new HashMap<>();
    model.put("person", null);
    model.put("stages", STAGES);
    model.put("filter", "");
    model.put("error", null);
    model.put("rows", List.of());
    model.put("releasesError", null);
    model.put(
        "releases",
        List.of(
            new Releases.Summary(
                "rel-2",
                "2026.48.0",
                "PLATFORM_MINOR",
                true,
                "integration",
                "QA",
                "PROMOTING",
                "2m")));

    String html = render("board", model);

    assertThat(html)
        .contains("<h2 id=\"releases-heading\">Releases</h2>")
        .contains("href=\"/releases/rel-2\"")
        .contains("train: integration")
        .contains("PLATFORM_MINOR")
        .contains("v-pending");

    model.put("releases", List.of());
    model.put("releasesError", "HTTP 404");
    assertThat(render("board", model)).contains("trigger-service: HTTP 404");
  }
}
