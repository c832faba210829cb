package io.promoflow.cli;

import picocli.CommandLine.Option;

/** Options every API command takes: where the services are and who calls. */
public class Connection {

  @Option(names = "--host", defaultValue = "${env:PROMOFLOW_HOST:-localhost}",
      description = "host of the services (default: ${DEFAULT-VALUE}; env PROMOFLOW_HOST)")
  String host;

  @Option(names = "--token", defaultValue = "${env:PROMOFLOW_TOKEN}",
      description = "bearer token (env PROMOFLOW_TOKEN); local demo tokens: local-ci, local-dev, local-approver-1, ...")
  String token;

  Api api() {
    return new Api(host);
  }

  /** The token, or {@code fallback} when none was given (demo defaults only). */
  String tokenOr(String fallback) {
    return token == null || token.isBlank() ? fallback : token;
  }
}
