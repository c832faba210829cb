package io.promoflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code promoflow builds publish}: what CI runs after a successful build (role ci). */
@Command(
    name = "builds",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Publish builds.",
    subcommands = BuildsCommand.Publish.class)
public class BuildsCommand {

  /** Publishes one build with its evidence documents. */
  @Command(
      name = "publish",
      versionProvider = PromoflowCli.Version.class,
      description = "Record a build of an immutable artifact (POST /api/v1/builds).")
  static class Publish implements Callable<Integer> {

    @Spec CommandSpec spec;

    // --version is the build's version here, so no standard -V/--version: -h/--help and -V only
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(names = "-V", versionHelp = true, description = "Print version information and exit.")
    boolean versionHelp;

    @Mixin Connection connection;

    @Option(names = "--application", required = true)
    String application;

    @Option(names = "--version", required = true)
    String version;

    @Option(names = "--digest", required = true, description = "sha256:<64 hex> or sha1:<40 hex>")
    String digest;

    @Option(names = "--commit", required = true, description = "source commit sha")
    String commit;

    @Option(
        names = "--commit-author",
        description =
            "e-mail of the commit's author; a version whose author is "
                + "unknown can never be approved into a stage that needs approval (the author may not approve it)")
    String commitAuthor;

    @Option(names = "--run-id", required = true, description = "CI pipeline run id")
    String runId;

    @Option(names = "--run-url")
    String runUrl;

    @Option(
        names = "--uri",
        description = "where the artifact lives, e.g. oci://registry/app@sha256:...")
    String uri;

    @Option(names = "--repository")
    String repository;

    @Option(names = "--finished-at", description = "ISO-8601 build time (default: now)")
    String finishedAt;

    @Option(
        names = "--evidence",
        description = "FORMAT=PATH, e.g. junit-xml=target/surefire-reports/TEST-x.xml (repeatable)")
    List<String> evidence = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("application", application);
      body.put("version", version);
      body.put("digest", digest);
      body.put("uri", uri);
      body.put("sourceCommit", commit);
      body.put("commitAuthor", commitAuthor);
      body.put("repository", repository);
      body.put("pipelineRunId", runId);
      body.put("pipelineUrl", runUrl);
      body.put("buildFinishedAt", finishedAt == null ? Instant.now().toString() : finishedAt);
      List<Map<String, String>> docs = new ArrayList<>();
      for (String e : evidence) {
        int eq = e.indexOf('=');
        if (eq < 1) {
          throw new ParameterException(
              spec.commandLine(), "--evidence expects FORMAT=PATH, got " + e);
        }
        docs.add(
            Map.of(
                "format",
                e.substring(0, eq),
                "content",
                Files.readString(Path.of(e.substring(eq + 1)))));
      }
      body.put("evidence", docs);
      JsonNode r =
          connection.api().post(Api.Service.TRIGGER, "/api/v1/builds", body, connection.token);
      spec.commandLine()
          .getOut()
          .println(
              "recorded "
                  + r.path("application").asString()
                  + " "
                  + r.path("version").asString()
                  + " (event "
                  + r.path("eventId").asString()
                  + ")");
      return 0;
    }
  }
}
