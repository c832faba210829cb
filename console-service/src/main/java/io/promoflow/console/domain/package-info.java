/** Pure, time-injected console rules: the board's view of the event log and the DORA formulas. */
package io.promoflow.console.domain;
