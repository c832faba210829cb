/** The board's pages (server-rendered), their fragments and their live event stream. */
package io.promoflow.console.api.board;
