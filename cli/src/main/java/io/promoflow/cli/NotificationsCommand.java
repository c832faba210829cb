package io.promoflow.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code promoflow notifications <promotionId>}: what notification-service sent, where, when. */
@Command(
    name = "notifications",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description =
        "Notifications sent about a promotion (notification-service GET"
            + " /api/v1/notifications?promotionId=).")
public class NotificationsCommand implements Callable<Integer> {

  @Mixin Connection connection;

  @Mixin Output output;

  @Parameters(index = "0", description = "promotion id")
  String promotionId;

  @Override
  public Integer call() {
    JsonNode list =
        connection
            .api()
            .getAll(
                Api.Service.NOTIFICATION,
                "/api/v1/notifications?promotionId=" + Api.encode(promotionId));
    output.print(list, out -> print(out, list));
    return PromoflowCli.OK;
  }

  static void print(PrintWriter out, JsonNode list) {
    if (list.isEmpty()) {
      out.println("no notifications");
    }
    for (JsonNode d : list) {
      out.printf(
          "%s  %-9s %-8s %-8s -> %s  %s (%d attempt%s)  %s%n",
          d.path("at").asString(),
          d.path("status").asString(),
          d.path("channel").asString(),
          d.path("severity").asString(),
          d.path("recipient").asString(),
          d.path("eventType").asString(),
          d.path("attempts").asInt(),
          d.path("attempts").asInt() == 1 ? "" : "s",
          d.path("summary").asString());
    }
  }
}
