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
    return new Api(host, endpoints == null ? java.util.Map.of() : endpoints, token);
  }

  /** The token, or {@code fallback} when none was given (demo defaults only). */
  String tokenOr(String fallback) {
    return token == null || token.isBlank() ? fallback : token;
  }
}
