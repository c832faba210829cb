/** Merging the services' OpenAPI documents into one (pure: no Spring, no HTTP). */
package io.promoflow.console.domain.openapi;
