/**
 * The one API description (GitHub issue 17 point 2): {@code GET /v3/api-docs} merges the six
 * services' OpenAPI 3.1 documents, Swagger UI at {@code /swagger-ui.html} shows it.
 */
package io.promoflow.console.api.openapi;
