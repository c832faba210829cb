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

/**
 * {@code promoflow override <promotionId> --kind FORCE|SCHEDULE --reason …}: break-glass (role
 * admin). The service refuses (409) a failed critical gate and a promotion in the wrong state.
 */
@Command(
    name = "override",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = {
      "Break-glass, role admin (POST /api/v1/promotions/{promotionId}/override):",
      "FORCE passes failed non-critical gates of a BLOCKED promotion; SCHEDULE runs a SCHEDULED one"
          + " now. Never replaces an approval."
    })
public class OverrideCommand implements Callable<Integer> {

  /** The kinds promotion-service accepts. */
  enum Kind {
    FORCE,
    SCHEDULE
  }

  @Spec CommandSpec spec;

  @Mixin Connection connection;

  @Parameters(index = "0", description = "promotion id")
  String promotionId;

  @Option(names = "--kind", required = true, description = "FORCE or SCHEDULE")
  Kind kind;

  @Option(names = "--reason", required = true, description = "why; recorded in the audit trail")
  String reason;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", kind.name());
    body.put("reason", reason);
    return connection.postAndReport(
        spec,
        Api.Service.PROMOTION,
        "/api/v1/promotions/" + Api.encode(promotionId) + "/override",
        body,
        r -> kind + " override of promotion " + promotionId + " recorded");
  }
}
