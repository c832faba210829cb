/**
 * HTTP: the promotion and application queries ({@code /api/v1/promotions}, {@code
 * /api/v1/applications}), read through {@code StoreQueries}, and the override route, which
 * publishes {@code PromotionOverridden}.
 */
package io.promoflow.promotion.api;
