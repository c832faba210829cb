/** Reads each service's OpenAPI document over HTTP for the merged one. */
package io.promoflow.console.adapters.openapi;
