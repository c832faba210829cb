package io.promoflow.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code promoflow approvals list|approve|reject}. The approver is whoever the token authenticates.
 */
@Command(
    name = "approvals",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "List and decide approvals.",
    subcommands = {
      ApprovalsCommand.ListApprovals.class,
      ApprovalsCommand.Approve.class,
      ApprovalsCommand.Reject.class,
      ApprovalsCommand.Withdraw.class
    })
public class ApprovalsCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = "Pending approvals (GET /api/v1/approvals?status=PENDING).")
  static class ListApprovals implements Callable<Integer> {

    @Mixin Connection connection;

    @Spec CommandSpec spec;

    @Mixin Output output;

    @Option(names = "--mine", description = "only those the token's user may decide")
    boolean mine;

    @Option(names = "--all", description = "every status, not only PENDING")
    boolean all;

    @Override
    public Integer call() {
      String query = (all ? "?" : "?status=PENDING&") + (mine ? "mine=true" : "");
      JsonNode list =
          connection
              .api()
              .getAll(Api.Service.APPROVAL, "/api/v1/approvals" + query, connection.token);
      output.print(
          list,
          out -> {
            if (list.isEmpty()) {
              out.println("no " + (all ? "" : "pending ") + "approvals");
            }
            for (JsonNode a : list) {
              out.printf(
                  "%s  %-8s %s %s  %s -> %s  requested by %s  needs %d of %s  expires %s%n",
                  a.path("approvalId").asString(),
                  a.path("status").asString(),
                  a.path("application").asString(),
                  a.path("version").asString(),
                  a.path("sourceStage").asString("BUILD"),
                  a.path("targetStage").asString(),
                  a.path("requestedBy").asString(),
                  a.path("quorum").asInt(),
                  a.path("requiredRoles"),
                  a.path("expiresAt").asString());
              out.println("    gates: " + a.path("gateSummary").asString());
              for (JsonNode d : a.path("decisions")) {
                out.println(
                    "    "
                        + (d.path("withdrawn").asBoolean() ? "withdrawn: " : "")
                        + (d.path("approve").asBoolean() ? "approved" : "rejected")
                        + " by "
                        + d.path("approver").asString()
                        + (d.path("comment").isNull() || d.path("comment").isMissingNode()
                            ? ""
                            : ": " + d.path("comment").asString()));
              }
            }
          });
      return 0;
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = "Approve (POST /api/v1/approvals/{id}/decisions).")
  static class Approve implements Callable<Integer> {

    @Mixin Connection connection;

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "approval id")
    String approvalId;

    @Option(names = "--comment")
    String comment;

    @Override
    public Integer call() {
      return decide(spec, connection, approvalId, "APPROVE", comment);
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = "Reject with a comment saying why.")
  static class Reject implements Callable<Integer> {

    @Mixin Connection connection;

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "approval id")
    String approvalId;

    @Option(names = "--comment", required = true)
    String comment;

    @Override
    public Integer call() {
      return decide(spec, connection, approvalId, "REJECT", comment);
    }
  }

  @Command(
      name = "withdraw",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = "Take back your approval before it is granted.")
  static class Withdraw implements Callable<Integer> {

    @Mixin Connection connection;

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "approval id")
    String approvalId;

    @Option(names = "--comment")
    String comment;

    @Override
    public Integer call() {
      return decide(spec, connection, approvalId, "WITHDRAW", comment);
    }
  }

  static int decide(
      CommandSpec spec, Connection connection, String approvalId, String decision, String comment) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("decision", decision);
    body.put("comment", comment);
    JsonNode r =
        connection
            .api()
            .post(
                Api.Service.APPROVAL,
                "/api/v1/approvals/" + approvalId + "/decisions",
                body,
                connection.token);
    spec.commandLine()
        .getOut()
        .println(
            decision.toLowerCase()
                + " recorded for "
                + approvalId
                + " by "
                + r.path("approver").asString()
                + " (promotion "
                + r.path("promotionId").asString()
                + ")");
    return 0;
  }
}
