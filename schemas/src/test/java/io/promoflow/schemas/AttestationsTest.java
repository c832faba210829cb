package io.promoflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttestationsTest {

  @Test
  void paeFollowsTheDsseSpecWithByteLengths() {
    // DSSE spec test vector: type "http://example.com/HelloWorld", body "hello world"
    assertThat(
            new String(
                Attestations.pae("http://example.com/HelloWorld", "hello world".getBytes()),
                StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    assertThat(Attestations.pae("t", "é".getBytes(StandardCharsets.UTF_8)))
        .hasSize("DSSEv1 1 t 2 ".length() + 2);
  }

  @Test
  void aSignedStatementVerifiesOnlyWithItsKeyAndUnaltered() {
    KeyPair keys = PemKeys.generate();
    byte[] statement =
        Attestations.statement(
            "inventory:1.4.2",
            "sha256:" + "a".repeat(64),
            Map.of(
                "promotionId",
                "p-1",
                "targetStage",
                "PROD",
                "approvers",
                java.util.List.of("release-manager")));
    String envelope =
        Attestations.sign(
            PemKeys.readPrivate(PemKeys.privatePem(keys.getPrivate())), "local", statement);
    assertThat(
            Attestations.verify(PemKeys.readPublic(PemKeys.publicPem(keys.getPublic())), envelope))
        .hasValueSatisfying(
            s -> {
              assertThat(s.path("_type").asText()).isEqualTo(Attestations.STATEMENT_TYPE);
              assertThat(s.path("subject").get(0).path("digest").path("sha256").asText())
                  .isEqualTo("a".repeat(64));
              assertThat(s.path("predicate").path("targetStage").asText()).isEqualTo("PROD");
            });
    assertThat(Attestations.verify(PemKeys.generate().getPublic(), envelope)).isEmpty();
    String altered =
        envelope.replace(
            Base64.getEncoder().encodeToString(statement),
            Base64.getEncoder()
                .encodeToString(
                    new String(statement, StandardCharsets.UTF_8)
                        .replace("PROD", "QA")
                        .getBytes()));
    assertThat(altered).isNotEqualTo(envelope);
    assertThat(Attestations.verify(keys.getPublic(), altered)).isEmpty();
  }
}
