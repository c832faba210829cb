package io.promoflow.rules.keys;

/**
 * A composite key that cannot be built or read unambiguously: a missing component, a component
 * containing the separator where it may not, or a stored key with the wrong number of components.
 * See {@link KeyFormat}.
 */
public class MalformedKeyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public MalformedKeyException(String message) {
    super(message);
  }
}
