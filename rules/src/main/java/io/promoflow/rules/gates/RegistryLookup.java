package io.promoflow.rules.gates;

/**
 * Where the {@code registry} gate gets its observation of a manifest: gate-service asks the
 * registry (its adapter), {@code promoflow audit replay} reads the recorded one. Called only when
 * the gate applies (an {@code oci://} artifact into a stage whose transition has the gate on).
 */
@FunctionalInterface
public interface RegistryLookup {

  /**
   * What the registry says about manifest {@code digest} of {@code reference}; null when nothing is
   * known (the gate then fails: the artifact was not checked).
   */
  RegistryObservation observe(OciReference reference, String digest);

  /** A lookup that knows nothing: every registry gate fails as unchecked. */
  RegistryLookup NONE = (reference, digest) -> null;
}
