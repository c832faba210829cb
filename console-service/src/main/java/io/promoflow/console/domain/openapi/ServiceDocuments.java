package io.promoflow.console.domain.openapi;

import java.util.List;

/** Where the services' OpenAPI documents come from (port; the adapter asks each service). */
public interface ServiceDocuments {

  /** Every service's document, or why there is none, in a fixed order. */
  List<ApiDocsMerger.ServiceDocument> fetchAll();
}
