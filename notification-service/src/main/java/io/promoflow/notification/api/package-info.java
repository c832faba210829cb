/** HTTP: {@code GET /api/v1/notifications}, the delivery records read from the delivery log. */
package io.promoflow.notification.api;
