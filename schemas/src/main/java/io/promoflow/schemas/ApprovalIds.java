package io.promoflow.schemas;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The id of a promotion's approval: derived from the promotion id, so approval-service asks for the
 * same approval on replay and promotion-service knows, without being told, which approval a grant
 * must name.
 */
public final class ApprovalIds {

  private ApprovalIds() {}

  /**
   * {@code apr-<name-based UUID of promotionId>}, e.g. {@code apr-1b2c…}; never null for a non-null
   * id.
   */
  public static String of(String promotionId) {
    return "apr-" + UUID.nameUUIDFromBytes(promotionId.getBytes(StandardCharsets.UTF_8));
  }
}
