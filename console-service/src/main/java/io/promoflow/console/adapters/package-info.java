/** Calls to the six services (the API proxy, the approval inbox's reads and decisions). */
package io.promoflow.console.adapters;
