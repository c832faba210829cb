/**
 * HTTP: the board's pages, its live updates (Server-Sent Events), the DORA endpoint, the API proxy.
 */
package io.promoflow.console.api;
