/** The board's calls to the six services' HTTP routes, with the signed-in person's token. */
package io.promoflow.console.adapters.services;
