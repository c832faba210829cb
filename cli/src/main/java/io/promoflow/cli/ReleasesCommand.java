package io.promoflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code promoflow releases create|show|promote|list|approve|reject}: platform releases (GitHub
 * issue 18), a named set of already-built component versions promoted stage by stage as one unit.
 * Releases live in trigger-service ({@code /api/v1/releases}); the one approval of a release's
 * production step is decided at approval-service ({@code POST /api/v1/releases/{id}/decisions}).
 */
@Command(
    name = "releases",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Create, promote, inspect and approve platform releases and release trains.",
    subcommands = {
      ReleasesCommand.Create.class,
      ReleasesCommand.Show.class,
      ReleasesCommand.Promote.class,
      ReleasesCommand.ListReleases.class,
      ReleasesCommand.Approve.class,
      ReleasesCommand.Reject.class
    })
public class ReleasesCommand {

  /**
   * {@code releases create}: a release of named components, or a train whose components the
   * coordinator collects. {@code --version} here is the release's version, so this command's own
   * version flag is {@code -V} only (as {@code builds publish}).
   */
  @Command(
      name = "create",
      versionProvider = PromoflowCli.Version.class,
      description = {
        "Create a release (POST /api/v1/releases; roles developer, ci, release-manager).",
        "A release names built versions: --component inventory=1.4.2 (repeatable).",
        "A train (--train) names none: its components are collected at its collection phase."
      })
  static class Create implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin Connection connection;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "show this help")
    boolean help;

    @Option(names = "-V", versionHelp = true, description = "Print version information and exit.")
    boolean versionHelp;

    @Option(
        names = "--version",
        description = "release version, e.g. 2026.47.0 (a train's: optional, its train version)")
    String version;

    @Option(
        names = "--type",
        description =
            "PLATFORM_MAJOR, PLATFORM_MINOR, PLATFORM_PATCH, SERVICE_HOTFIX, SECURITY_PATCH or ROLLBACK")
    String type;

    @Option(
        names = "--component",
        paramLabel = "APPLICATION=VERSION",
        description = "a component: an application and its built version (repeatable)")
    List<String> components = new ArrayList<>();

    @Option(
        names = "--change-request",
        description = "change request id the release is made under (changeRequestId)")
    String changeRequest;

    @Option(names = "--train", description = "a release train (components collected, not named)")
    boolean train;

    @Option(
        names = "--train-date",
        paramLabel = "YYYY-MM-DD",
        description = "the train's date (default: the next one on the policy's cadence)")
    String trainDate;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("version", version);
      body.put("type", type);
      body.put("components", components(spec, components));
      body.put("changeRequestId", changeRequest);
      body.put("train", train);
      body.put("trainDate", trainDate);
      JsonNode r =
          connection.api().post(Api.Service.TRIGGER, "/api/v1/releases", body, connection.token);
      String id = r.path("releaseId").asString();
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          (train ? "train " : "release ")
              + r.path("version").asString(version == null ? "" : version)
              + " created: "
              + id);
      out.println("see it: promoflow releases show " + id);
      if (!train) {
        out.println("promote it: promoflow releases promote " + id + " --to <STAGE>");
      }
      out.flush();
      return PromoflowCli.OK;
    }

    /**
     * {@code APPLICATION=VERSION} arguments as the route's {@code components[]}, in the order given
     * (the server names a bad one by its index).
     *
     * @throws CommandLine.ParameterException (usage, exit 2) for an argument without both parts
     */
    static List<Map<String, String>> components(CommandSpec spec, List<String> arguments) {
      List<Map<String, String>> out = new ArrayList<>();
      for (String argument : arguments) {
        int eq = argument.indexOf('=');
        if (eq <= 0 || eq == argument.length() - 1) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "--component " + argument + ": expected APPLICATION=VERSION, e.g. inventory=1.4.2");
        }
        Map<String, String> c = new LinkedHashMap<>();
        c.put("application", argument.substring(0, eq).strip());
        c.put("version", argument.substring(eq + 1).strip());
        out.add(c);
      }
      return out;
    }
  }

  /** {@code releases show}: the release as people read it, or its document. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description =
          "Components by stage and verification, promotions with release gates and component "
              + "outcomes, rollbacks, timeline (GET /api/v1/releases/{releaseId}).")
  static class Show implements Callable<Integer> {

    @Mixin Connection connection;

    @Mixin Output output;

    @Option(names = "--json", description = "the service's document unchanged (as -o json)")
    boolean json;

    @Parameters(index = "0", description = "release id")
    String releaseId;

    @Override
    public Integer call() {
      JsonNode r =
          connection.api().get(Api.Service.TRIGGER, "/api/v1/releases/" + Api.encode(releaseId));
      if (json) {
        output.format = Output.Format.json;
      }
      output.print(r, out -> print(out, r));
      return PromoflowCli.OK;
    }

    /** The release document of {@code GET /api/v1/releases/{id}} for people. */
    static void print(PrintWriter out, JsonNode r) {
      out.printf(
          "%s %s  %s  %s  (validation %s, strategy %s)%n",
          r.path("train").asBoolean() ? "train" : "release",
          r.path("version").asString(),
          r.path("releaseId").asString(),
          r.path("type").asString(),
          text(r.path("validationLevel")),
          text(r.path("strategy")));
      out.println(
          "  requested by "
              + text(r.path("requestedBy"))
              + " at "
              + text(r.path("createdAt"))
              + (present(r.path("changeRequestId"))
                  ? ", change request " + r.path("changeRequestId").asString()
                  : ""));
      if (r.path("train").asBoolean()) {
        out.println(
            "  train date " + text(r.path("trainDate")) + ", phase " + text(r.path("phase")));
        for (JsonNode p : r.path("phases")) {
          out.printf(
              "    %-24s scheduled %s  %s%n",
              p.path("phase").asString(),
              text(p.path("scheduledAt")),
              present(p.path("enteredAt"))
                  ? "entered " + p.path("enteredAt").asString()
                  : "not entered");
        }
      }
      out.println("  components:");
      if (r.path("components").isEmpty()) {
        out.println("    none yet");
      } else {
        out.printf(
            "    %-20s %-14s %-10s %-13s %s%n",
            "APPLICATION", "VERSION", "STAGE", "VERIFICATION", "REQUIRES");
      }
      for (JsonNode c : r.path("components")) {
        List<String> requires = new ArrayList<>();
        c.path("requires")
            .properties()
            .forEach(e -> requires.add(e.getKey() + " " + e.getValue().asString()));
        out.printf(
            "    %-20s %-14s %-10s %-13s %s%n",
            c.path("application").asString(),
            c.path("version").asString(),
            text(c.path("stage")),
            text(c.path("verification")),
            requires.isEmpty() ? "—" : String.join(", ", requires));
      }
      out.println("  promotions:");
      if (r.path("promotions").isEmpty()) {
        out.println("    none yet");
      }
      for (JsonNode p : r.path("promotions")) {
        out.printf(
            "    -> %s  %s  requested by %s at %s%n",
            p.path("targetStage").asString(),
            p.path("state").asString(),
            text(p.path("requestedBy")),
            text(p.path("requestedAt")));
        if (!p.path("releaseGates").isEmpty()) {
          out.println("       release gates:");
        }
        for (JsonNode g : p.path("releaseGates")) {
          out.printf(
              "         %-18s %s  %s%n",
              g.path("gate").asString(),
              g.path("passed").asBoolean() ? "passed" : "FAILED",
              text(g.path("reason")));
          // sorted: the inputs are a map; by name they group per component
          g.path("inputs").properties().stream()
              .sorted(java.util.Map.Entry.comparingByKey())
              .forEach(e -> out.println("           " + e.getKey() + ": " + value(e.getValue())));
        }
        if (!p.path("components").isEmpty()) {
          out.println("       components:");
        }
        for (JsonNode c : p.path("components")) {
          out.printf(
              "         %-20s %-11s promotion %s%s%n",
              c.path("application").asString(),
              c.path("outcome").asString(),
              text(c.path("promotionId")),
              present(c.path("approvalId")) ? "  approval " + c.path("approvalId").asString() : "");
        }
        for (JsonNode reason : p.path("reasons")) {
          out.println("       reason: " + reason.asString());
        }
        if (!p.path("rollbacks").isEmpty()) {
          out.println("       rollbacks:");
        }
        for (JsonNode b : p.path("rollbacks")) {
          out.printf(
              "         %-20s %s -> %s  promotion %s%n",
              b.path("application").asString(),
              text(b.path("fromVersion")),
              present(b.path("toVersion"))
                  ? b.path("toVersion").asString()
                  : "nothing to roll back to",
              text(b.path("promotionId")));
        }
      }
      out.println("  timeline:");
      for (JsonNode t : r.path("timeline")) {
        out.println(
            "    "
                + text(t.path("at"))
                + "  "
                + t.path("event").asString()
                + (present(t.path("detail")) ? ": " + t.path("detail").asString() : ""));
      }
    }
  }

  /** {@code releases promote}: the release's next stage. */
  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = {
        "Promote every component of a release into a stage "
            + "(POST /api/v1/releases/{releaseId}/promotions; roles developer, ci, release-manager).",
        "The release gates (service-versions, compatibility) run first; then one promotion per "
            + "component, with one approval for the whole release where the stage needs one."
      })
  static class Promote implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin Connection connection;

    @Parameters(index = "0", description = "release id")
    String releaseId;

    @Option(names = "--to", required = true, description = "target stage, e.g. STAGING")
    String stage;

    @Option(
        names = "--change-request",
        description =
            "change request id (changeRequestId); required into production by default, else the "
                + "release's is used (policy transitions[].changeRequest)")
    String changeRequest;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("targetStage", stage);
      body.put("changeRequestId", changeRequest);
      JsonNode r =
          connection
              .api()
              .post(
                  Api.Service.TRIGGER,
                  "/api/v1/releases/" + Api.encode(releaseId) + "/promotions",
                  body,
                  connection.token);
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "release "
              + r.path("releaseId").asString(releaseId)
              + " promotion to "
              + r.path("targetStage").asString(stage)
              + " requested");
      out.println("follow it: promoflow releases show " + releaseId);
      out.flush();
      return PromoflowCli.OK;
    }
  }

  /** {@code releases list}: newest first, every page. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = "Releases, newest first (GET /api/v1/releases[?train=true]).")
  static class ListReleases implements Callable<Integer> {

    @Mixin Connection connection;

    @Mixin Output output;

    @Option(names = "--train", description = "only release trains")
    boolean train;

    @Override
    public Integer call() {
      JsonNode list =
          connection
              .api()
              .getAll(
                  Api.Service.TRIGGER,
                  "/api/v1/releases" + (train ? "?train=true" : ""),
                  connection.token);
      output.print(
          list,
          out -> {
            if (list.isEmpty()) {
              out.println(train ? "no release trains" : "no releases");
              return;
            }
            out.printf(
                "%-40s %-12s %-15s %-24s %-8s %-14s %s%n",
                "RELEASE", "VERSION", "TYPE", "PHASE", "STAGE", "STATE", "CREATED");
            for (JsonNode r : list) {
              out.printf(
                  "%-40s %-12s %-15s %-24s %-8s %-14s %s%n",
                  r.path("releaseId").asString(),
                  r.path("version").asString(),
                  r.path("type").asString(),
                  r.path("train").asBoolean() ? "train " + text(r.path("phase")) : "—",
                  text(r.path("stage")),
                  text(r.path("state")),
                  text(r.path("createdAt")));
            }
          });
      return PromoflowCli.OK;
    }
  }

  /** {@code releases approve}: the one approval of a release's step, for every component. */
  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description =
          "Approve every component of the release's pending step at once "
              + "(POST /api/v1/releases/{releaseId}/decisions; the policy's approver roles).")
  static class Approve implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin Connection connection;

    @Parameters(index = "0", description = "release id")
    String releaseId;

    @Option(names = "--comment")
    String comment;

    @Override
    public Integer call() {
      return decide(spec, connection, releaseId, "APPROVE", comment);
    }
  }

  /** {@code releases reject}: with a comment saying why (the approval rules need one). */
  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = "Reject the release's pending step, with a comment saying why.")
  static class Reject implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin Connection connection;

    @Parameters(index = "0", description = "release id")
    String releaseId;

    @Option(names = "--comment", required = true)
    String comment;

    @Override
    public Integer call() {
      return decide(spec, connection, releaseId, "REJECT", comment);
    }
  }

  static int decide(
      CommandSpec spec, Connection connection, String releaseId, String decision, String comment) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("decision", decision);
    body.put("comment", comment);
    JsonNode r =
        connection
            .api()
            .post(
                Api.Service.APPROVAL,
                "/api/v1/releases/" + Api.encode(releaseId) + "/decisions",
                body,
                connection.token);
    List<String> approvals = new ArrayList<>();
    r.path("approvalIds").forEach(a -> approvals.add(a.asString()));
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        decision.toLowerCase(java.util.Locale.ROOT)
            + " recorded for release "
            + r.path("releaseId").asString(releaseId)
            + " on "
            + approvals.size()
            + " component approval"
            + (approvals.size() == 1 ? "" : "s")
            + (approvals.isEmpty() ? "" : ": " + String.join(", ", approvals)));
    out.flush();
    return PromoflowCli.OK;
  }

  /** True when {@code n} holds a value (not missing, not null). */
  static boolean present(JsonNode n) {
    return !n.isMissingNode() && !n.isNull();
  }

  /** {@code n} as text, {@code —} when it holds none. */
  static String text(JsonNode n) {
    return present(n) ? n.asString() : "—";
  }

  private static String value(JsonNode n) {
    return n.isValueNode() ? n.asString() : n.toString();
  }
}
