package io.promoflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promoflow.cli.demo.DemoEvidence;
import io.promoflow.platform.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * driven by Selenium) against the whole local stack: a build moves DEV → QA → STAGING on the board
 * without a reload; the requester of a PROD promotion sees the approval-service's 403 reason
 * instead of a button; an approver approves it on {@code /approvals} and the board shows it in
 * PROD. A screenshot of each page is written under {@code target/screenshots/}. Skipped, with the
 * reason, where Chromium or its driver is missing (checked before anything starts).
 */
class ConsoleBrowserIT {

  static final Path CHROMIUM =
      Path.of(System.getProperty("promoflow.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("promoflow.chromedriver", "/usr/bin/chromedriver"));
  static final Duration WAIT = Duration.ofSeconds(90);
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final String APP = "webshop";

  static LocalStack stack;
  static WebDriver browser;
  static ScheduledExecutorService deployer;
  static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
  static volatile String deployerError;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: no "
            + CHROMIUM
            + " or "
            + CHROMEDRIVER
            + " (Debian packages chromium and chromium-driver)");
    // the page replaces its fragments live (Server-Sent Events): an element read while it is
    // being replaced is stale, and the wait reads it again instead of failing
    Awaitility.ignoreExceptionByDefault(org.openqa.selenium.StaleElementReferenceException.class);
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      ports.put(s, 0);
    }
    stack =
        LocalStack.start(
            new LocalStack.Settings(
                Path.of("target", "console-" + UUID.randomUUID()),
                StackUnderTest.freePort(),
                StackUnderTest.freePort(),
                ports,
                "file:../config/pipeline-local.yaml",
                List.of()),
            Duration.ofSeconds(120));
    // the deployer of the test: reports every new version in a stage healthy (role ci)
    deployer = Executors.newSingleThreadScheduledExecutor();
    deployer.scheduleWithFixedDelay(ConsoleBrowserIT::reportHealthy, 0, 200, TimeUnit.MILLISECONDS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=1280,800");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1280, 800));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    Awaitility.reset();
    if (browser != null) {
      browser.quit();
    }
    if (deployer != null) {
      deployer.shutdownNow();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aBuildMovesLiveAndAnApproverPromotesItToProduction() throws IOException {
    signIn("local-approver-1");
    browser.get(console("/"));
    ((JavascriptExecutor) browser).executeScript("window.promoflowNoReload = 'same page';");
    awaitText(By.id("live-status"), "Live");

    // a build enters DEV and moves on to STAGING while the page stays open: no reload
    assertThat(
            Http.post(stack.url(Service.TRIGGER) + "/api/v1/builds", "local-ci", build("1.0.0"))
                .status())
        .isEqualTo(202);
    awaitCell("DEV", "1.0.0");
    awaitCell("QA", "1.0.0");
    awaitCell("STAGING", "1.0.0");
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> "PASSED".equals(cell("STAGING").getAttribute("data-verification")));
    assertThat(((JavascriptExecutor) browser).executeScript("return window.promoflowNoReload"))
        .as("the board updated itself without a reload")
        .isEqualTo("same page");

    // the requester asks for PROD; on /approvals the requester sees the API's 403 reason
    Http.Response requested =
        Http.post(
            stack.url(Service.TRIGGER) + "/api/v1/promotions",
            "local-dev",
            Map.of(
                "application",
                APP,
                "version",
                "1.0.0",
                "targetStage",
                "PROD",
                "type",
                "MANUAL",
                "reason",
                "release 1.0",
                "changeRequestId",
                "CHG-1001"));
    assertThat(requested.status()).isEqualTo(202);
    String promotionId = requested.json().get("promotionId").asString();
    String approvalId = awaitApproval(promotionId);
    signOut();
    signIn("local-dev");
    browser.get(console("/approvals"));
    WebElement mine = browser.findElement(By.id("approval-" + approvalId));
    assertThat(mine.findElements(By.cssSelector("button[value=APPROVE]"))).isEmpty();
    assertThat(mine.findElement(By.cssSelector(".refused")).getText())
        .contains("403")
        .contains("dev needs one of the roles");
    screenshot("approvals-requester");
    signOut();

    // an approver opens the link of the e-mail, approves, and the board shows PROD
    signIn("local-approver-1");
    browser.get(console("/approvals?approvalId=" + approvalId));
    WebElement approval = browser.findElement(By.id("approval-" + approvalId));
    assertThat(approval.getAttribute("class")).contains("highlight");
    screenshot("approvals");
    approval.findElement(By.tagName("textarea")).sendKeys("go");
    approval.findElement(By.cssSelector("button[value=APPROVE]")).click();
    awaitText(By.id("outcome"), "Approved " + approvalId);
    browser.get(console("/"));
    awaitCell("PROD", "1.0.0");
    screenshot("board");

    browser.get(console("/promotions/" + promotionId));
    awaitText(By.id("promotion-state"), "PROMOTED");
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("Gate report")
        .contains("release-manager")
        .contains("approved");
    screenshot("promotion");

    browser.get(console("/metrics"));
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("DORA metrics");
    screenshot("metrics");

    // a phone's width: the board still reads (the matrix scrolls sideways in its own box)
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(console("/"));
    assertThat(browser.findElement(By.id("row-" + APP)).isDisplayed()).isTrue();
    screenshot("board-phone");
    browser.manage().window().setSize(new Dimension(1280, 800));
  }

  static String console(String path) {
    return stack.url(Service.CONSOLE) + path;
  }

  static void signIn(String token) {
    browser.get(console("/sign-in"));
    browser.findElement(By.id("token")).sendKeys(token);
    browser.findElement(By.id("sign-in")).click();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !browser.findElements(By.id("signed-in-user")).isEmpty());
  }

  static void signOut() {
    browser.findElement(By.cssSelector("form[action$='/sign-out'] button")).click();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getCurrentUrl().contains("/sign-in"));
  }

  static WebElement cell(String stage) {
    return browser.findElement(By.cssSelector("#row-" + APP + " td[data-stage='" + stage + "']"));
  }

  static void awaitCell(String stage, String version) {
    Awaitility.await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> version.equals(cell(stage).getAttribute("data-version")));
  }

  static void awaitText(By by, String text) {
    Awaitility.await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> browser.findElement(by).getText().contains(text));
  }

  static void screenshot(String name) throws IOException {
    Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path target = SCREENSHOTS.resolve(name + ".png");
    Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).as(target.toString()).isGreaterThan(1000);
  }

  static String awaitApproval(String promotionId) {
    String[] approvalId = new String[1];
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> {
              for (JsonNode a :
                  Http.get(stack.url(Service.APPROVAL) + "/api/v1/approvals?status=PENDING")
                      .json()) {
                if (promotionId.equals(a.path("promotionId").asString())) {
                  approvalId[0] = a.path("approvalId").asString();
                }
              }
              return approvalId[0] != null;
            });
    return approvalId[0];
  }

  static Map<String, Object> build(String version) {
    return Map.ofEntries(
        Map.entry("application", APP),
        Map.entry("version", version),
        Map.entry(
            "digest", "sha256:" + (version.replace(".", "") + "e".repeat(64)).substring(0, 64)),
        Map.entry("uri", "oci://registry.example.com/shop/webshop@sha256:0"),
        Map.entry("sourceCommit", "d".repeat(40)),
        Map.entry("commitAuthor", "author@shop.example"),
        Map.entry("repository", "shop/webshop"),
        Map.entry("pipelineRunId", "console-" + version),
        Map.entry("pipelineUrl", "https://ci.example.com/runs/2"),
        Map.entry("buildFinishedAt", Instant.now().toString()),
        Map.entry("evidence", DemoEvidence.evidence()));
  }

  /** Reports each version whose window is open healthy once, as a deployer would (role ci). */
  static void reportHealthy() {
    try {
      Http.Response r = Http.get(stack.url(Service.PROMOTION) + "/api/v1/applications/" + APP);
      if (r.status() != 200) {
        return;
      }
      r.json()
          .path("stages")
          .properties()
          .forEach(
              e -> {
                JsonNode slot = e.getValue();
                String key = e.getKey() + "|" + slot.path("promotedAt").asString();
                if ("PENDING".equals(slot.path("verification").asString())
                    && !REPORTED.contains(key)
                    && Http.post(
                                stack.url(Service.ROLLBACK) + "/api/v1/health-reports",
                                "local-ci",
                                Map.of(
                                    "application",
                                    APP,
                                    "stage",
                                    e.getKey(),
                                    "version",
                                    slot.path("version").asString(),
                                    "healthScore",
                                    0.99,
                                    "errorRate",
                                    0.001))
                            .status()
                        == 202) {
                  REPORTED.add(key);
                }
              });
    } catch (RuntimeException notReadyYet) {
      // a service still starting: the next run reports (an exception would end the task); kept
      deployerError = notReadyYet.toString();
    }
  }
}
