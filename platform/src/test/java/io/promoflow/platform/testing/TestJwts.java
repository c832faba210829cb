package io.promoflow.platform.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * JWTs for tests of production access ({@code promoflow.security.mode=jwt}): a locally generated
 * RSA key pair, its public key as the PEM file the resource server is pointed at, and RS256 tokens
 * signed with it.
 */
public final class TestJwts {

  private TestJwts() {}

  /** A new 2048-bit RSA key pair. */
  public static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the public key of {@code keys} as a PEM file under {@code target/} and returns its
   * location, for {@code spring.security.oauth2.resourceserver.jwt.public-key-location}.
   */
  public static String publicKeyLocation(KeyPair keys) {
    try {
      Path pem =
          Files.createDirectories(Path.of("target")).resolve("jwt-" + UUID.randomUUID() + ".pub");
      Files.writeString(
          pem,
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes())
                  .encodeToString(keys.getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n");
      return "file:" + pem.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Claims issued now that expire in ten minutes; the caller adds the rest. */
  public static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issueTime(new Date())
        .expirationTime(new Date(System.currentTimeMillis() + 600_000));
  }

  /** {@code claims} as an RS256 token signed with the private key of {@code keys}. */
  public static String sign(KeyPair keys, JWTClaimsSet.Builder claims) {
    SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
    try {
      token.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return token.serialize();
  }
}
