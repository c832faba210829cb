/**
 * Outside systems: the evidence file store ({@code evidence}) and GitHub's webhook ({@code
 * github}).
 */
package io.promoflow.trigger.adapters;
