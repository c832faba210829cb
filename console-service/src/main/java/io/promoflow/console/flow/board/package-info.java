/** The board's live updates: a listener on the event topics telling browsers what changed. */
package io.promoflow.console.flow.board;
