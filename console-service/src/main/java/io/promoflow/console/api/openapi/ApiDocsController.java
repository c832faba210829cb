package io.promoflow.console.api.openapi;

import io.promoflow.console.ConsoleProperties;
import io.promoflow.console.domain.openapi.ApiDocsMerger;
import io.promoflow.console.domain.openapi.ServiceDocuments;
import io.promoflow.platform.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v3/api-docs} on the console: the six services' OpenAPI 3.1 documents merged into one
 * ({@link ApiDocsMerger}), read afresh from the services on each call; Swagger UI at {@code
 * /swagger-ui.html} shows it. Open without a token, like each service's own document.
 *
 * <p>A service that does not answer: 200, its paths missing and the service listed under {@code
 * x-promoflow-unavailable} with the reason (a partial description still serves the services that
 * run, and says what it lacks). Two services contradicting each other (one path, or one component
 * name with two definitions): 500 problem+json naming both, logged as an error: the deployment's
 * services do not fit together, and no document is better than a wrong one.
 */
@RestController
public class ApiDocsController {

  private static final Logger log = LoggerFactory.getLogger(ApiDocsController.class);
  private final ServiceDocuments services;
  private final ConsoleProperties properties;

  public ApiDocsController(ServiceDocuments services, ConsoleProperties properties) {
    this.services = services;
    this.properties = properties;
  }

  @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
  public ObjectNode merged() {
    try {
      ObjectNode merged = ApiDocsMerger.merge(properties.url(), services.fetchAll());
      if (merged.has(ApiDocsMerger.UNAVAILABLE)) {
        log.warn("API description without {}", merged.get(ApiDocsMerger.UNAVAILABLE));
      }
      return merged;
    } catch (ApiDocsMerger.Conflict conflict) {
      log.error("the services' API descriptions conflict: {}", conflict.getMessage());
      throw new ProblemException(
          HttpStatus.INTERNAL_SERVER_ERROR,
          "API descriptions conflict",
          conflict.getMessage(),
          null,
          conflict);
    }
  }
}
