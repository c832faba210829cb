package io.promoflow.schemas;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** EC P-256 keys for attestations, as PEM text (PKCS#8 private, X.509 public). */
public final class PemKeys {

  private PemKeys() {}

  /** A new P-256 key pair. */
  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is required by the JVM specification", e);
    }
  }

  /** PEM of a private key. */
  public static String privatePem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /** PEM of a public key. */
  public static String publicPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /**
   * Reads a PKCS#8 EC private key.
   *
   * @throws IllegalArgumentException when the text is not one
   */
  public static PrivateKey readPrivate(String pem) {
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(body(pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PKCS#8 EC private key: " + e.getMessage(), e);
    }
  }

  /**
   * Reads an X.509 EC public key.
   *
   * @throws IllegalArgumentException when the text is not one
   */
  public static PublicKey readPublic(String pem) {
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(body(pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an X.509 EC public key: " + e.getMessage(), e);
    }
  }

  private static byte[] body(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
