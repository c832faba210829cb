/**
 * HTTP: CI's build API ({@code POST /api/v1/builds}, evidence upload and download) with the checks
 * of each evidence document, and manual, hotfix and scheduled promotion requests ({@code POST
 * /api/v1/promotions}).
 */
package io.promoflow.trigger.api;
