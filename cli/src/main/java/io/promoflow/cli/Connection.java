package io.promoflow.cli;

import picocli.CommandLine.Option;

/** Options every API command takes: where the services are and who calls. */
public class Connection {

  @Option(
      names = "--host",
      defaultValue = "${env:PROMOFLOW_HOST:-localhost}",
      description = "host of the services (default: ${DEFAULT-VALUE}; env PROMOFLOW_HOST)")
  String host;

  @Option(
      names = "--url",
      defaultValue = "${sys:promoflow.api-url:-${env:PROMOFLOW_URL}}",
      description =
          "one base URL for every service, e.g. the console's http://localhost:8080, which forwards "
              + "/api/v1/** to the services (env PROMOFLOW_URL, or system property promoflow.api-url); "
              + "unset: each service at its own port on --host")
  String url;

  @Option(
      names = "--token",
      defaultValue = "${env:PROMOFLOW_TOKEN}",
      description =
          "bearer token, also sent on reads (env PROMOFLOW_TOKEN); local demo tokens: local-viewer (reads), "
              + "local-ci, local-dev, local-approver-1, ...")
  String token;

  @Option(
      names = "--endpoint",
      split = ",",
      defaultValue = "${env:PROMOFLOW_ENDPOINTS}",
      description =
          "SERVICE=URL for a service elsewhere, e.g. approval=https://approvals.example.com (repeatable or "
              + "comma-separated; env PROMOFLOW_ENDPOINTS)")
  java.util.Map<Api.Service, String> endpoints;

  /** The services, reading with the token (every read needs one). */
  Api api() {
    return new Api(host, endpoints == null ? java.util.Map.of() : endpoints, token, url);
  }

  /**
   * Posts a command to a service with the caller's token and prints one line naming what was
   * recorded: {@code <done> (event <eventId>)}.
   *
   * @param done what happened, e.g. {@code hold on inventory 1.4.2 in PROD lifted}; given the
   *     service's answer, for what only the answer names
   * @return {@link PromoflowCli#OK}; a refusal or an unreachable service is thrown by {@link Api}
   */
  int postAndReport(
      picocli.CommandLine.Model.CommandSpec spec,
      Api.Service service,
      String path,
      java.util.Map<String, Object> body,
      java.util.function.Function<tools.jackson.databind.JsonNode, String> done) {
    tools.jackson.databind.JsonNode r = api().post(service, path, body, token);
    java.io.PrintWriter out = spec.commandLine().getOut();
    out.println(done.apply(r) + " (event " + r.path("eventId").asString() + ")");
    out.flush();
    return PromoflowCli.OK;
  }

  /** The token, or {@code fallback} when none was given (demo defaults only). */
  String tokenOr(String fallback) {
    return token == null || token.isBlank() ? fallback : token;
  }
}
