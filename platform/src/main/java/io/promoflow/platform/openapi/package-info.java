/**
 * Each service's OpenAPI 3.1 description (springdoc): bearer security, problem+json errors,
 * paginated lists. Apart from {@code web} and {@code security} because it describes both.
 */
package io.promoflow.platform.openapi;
