/** The signed webhook executor a promotion calls, its signing keys and their settings. */
package io.promoflow.promotion.adapters.execution;
