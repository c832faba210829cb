/** The change management system that verifies a promotion request's change request id. */
package io.promoflow.trigger.adapters.changemanagement;
