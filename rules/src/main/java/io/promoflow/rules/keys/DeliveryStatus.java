package io.promoflow.rules.keys;

import java.util.List;

/**
 * Key of one recorded state of a delivery: {@code <deliveryKey>|<status>}, status {@code
 * ATTEMPTED}, {@code DELIVERED} or {@code FAILED}. Used by notification-service's delivery log (one
 * entry per delivery and state). The delivery key is the free component ({@link KeyFormat}): it is
 * itself composite ({@link DeliveryKey}) and is read back from the topic as written; the status
 * never contains {@code |}.
 */
public record DeliveryStatus(String deliveryKey, String status) {

  private static final String SHAPE = "<deliveryKey>|<status>";

  public DeliveryStatus {
    KeyFormat.free("DeliveryStatus", "deliveryKey", deliveryKey);
    KeyFormat.fixed("DeliveryStatus", "status", status);
  }

  /** The key of {@code deliveryKey} in {@code status}. */
  public static DeliveryStatus of(String deliveryKey, String status) {
    return new DeliveryStatus(deliveryKey, status);
  }

  /**
   * Reads a key written by {@link #value()}; a malformed one throws {@link MalformedKeyException}.
   */
  public static DeliveryStatus parse(String key) {
    List<String> p = KeyFormat.split("DeliveryStatus", SHAPE, key, 2, 0);
    return new DeliveryStatus(p.get(0), p.get(1));
  }

  /** {@code <deliveryKey>|<status>}. */
  public String value() {
    return KeyFormat.join(deliveryKey, status);
  }

  @Override
  public String toString() {
    return value();
  }
}
