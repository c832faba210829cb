package io.promoflow.platform.policy;

/**
 * What executing a promotion does. {@code record}: the decision is recorded and published as
 * {@code StagePromoted}; deployers subscribe to it.
 *
 * @param type executor type; only {@code record} exists today
 */
public record ExecutorPolicy(String type) {

  public static final ExecutorPolicy RECORD = new ExecutorPolicy("record");

  public ExecutorPolicy {
    type = type == null ? "record" : type;
  }
}
