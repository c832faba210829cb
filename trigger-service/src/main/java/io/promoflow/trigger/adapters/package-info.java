/**
 * Outside systems: the evidence file store ({@code evidence}), GitHub's webhook ({@code github})
 * and change management ({@code changemanagement}).
 */
package io.promoflow.trigger.adapters;
