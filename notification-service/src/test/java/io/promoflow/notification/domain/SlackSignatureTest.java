package io.promoflow.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Slack's documented example ("Verifying requests from Slack", docs.slack.dev). */
class SlackSignatureTest {

  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String TIMESTAMP = "1531420618";
  static final byte[] BODY =
      ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
              + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
              + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
              + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
          .getBytes(StandardCharsets.UTF_8);
  static final String SIGNATURE =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  static final Instant THEN = Instant.ofEpochSecond(1531420618);

  final SlackSignature slack = new SlackSignature(SECRET);

  @Test
  void slacksDocumentedExampleVerifies() {
    assertThat(slack.verify(TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(10)))
        .isEqualTo(SlackSignature.Verdict.VALID);
    assertThat(SlackSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
  }

  @Test
  void aTimestampMoreThanFiveMinutesAwayIsStaleEitherWay() {
    assertThat(slack.verify(TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(300)))
        .isEqualTo(SlackSignature.Verdict.VALID);
    assertThat(slack.verify(TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(301)))
        .isEqualTo(SlackSignature.Verdict.STALE);
    assertThat(slack.verify(TIMESTAMP, SIGNATURE, BODY, THEN.minusSeconds(301)))
        .isEqualTo(SlackSignature.Verdict.STALE);
  }

  @Test
  void anyChangeToBodyTimestampSignatureOrSecretIsAMismatch() {
    byte[] tampered = BODY.clone();
    tampered[tampered.length - 1] = 'd';
    assertThat(slack.verify(TIMESTAMP, SIGNATURE, tampered, THEN))
        .isEqualTo(SlackSignature.Verdict.MISMATCH);
    assertThat(slack.verify("1531420619", SIGNATURE, BODY, THEN))
        .isEqualTo(SlackSignature.Verdict.MISMATCH);
    assertThat(slack.verify(TIMESTAMP, SIGNATURE.replace("v0=a", "v0=b"), BODY, THEN))
        .isEqualTo(SlackSignature.Verdict.MISMATCH);
    assertThat(slack.verify(TIMESTAMP, "sha256=" + SIGNATURE.substring(3), BODY, THEN))
        .isEqualTo(SlackSignature.Verdict.MISMATCH);
    assertThat(new SlackSignature("another-secret").verify(TIMESTAMP, SIGNATURE, BODY, THEN))
        .isEqualTo(SlackSignature.Verdict.MISMATCH);
  }

  @Test
  void missingPiecesAndNoSecretRefuse() {
    assertThat(slack.verify(null, SIGNATURE, BODY, THEN)).isEqualTo(SlackSignature.Verdict.MISSING);
    assertThat(slack.verify(TIMESTAMP, null, BODY, THEN)).isEqualTo(SlackSignature.Verdict.MISSING);
    assertThat(slack.verify("soon", SIGNATURE, BODY, THEN))
        .isEqualTo(SlackSignature.Verdict.MISSING);
    assertThat(new SlackSignature(" ").verify(TIMESTAMP, SIGNATURE, BODY, THEN))
        .isEqualTo(SlackSignature.Verdict.MISSING);
  }
}
