package io.promoflow.rules.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every key type: the exact string the services wrote before the types existed (stores and
 * changelogs of existing data must keep working), the round trip through {@code parse}, and refusal
 * of malformed keys and components.
 */
class KeysTest {

  static final String ID = "0b9f6a2e-2f9d-4c1e-9a57-2f5b1c6d7e8f";

  @Nested
  class ApplicationVersionKey {

    @Test
    void legacyFormatAndRoundTrip() {
      ApplicationVersion k = ApplicationVersion.of("payments-api", "1.4.2+build.7");
      assertThat(k.value())
          .isEqualTo("payments-api" + "|" + "1.4.2+build.7")
          .isEqualTo(k.toString());
      assertThat(ApplicationVersion.parse("payments-api|1.4.2+build.7")).isEqualTo(k);
    }

    @Test
    void refusesMalformed() {
      assertThatThrownBy(() -> ApplicationVersion.parse("payments-api"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("<application>|<version>");
      assertThatThrownBy(() -> ApplicationVersion.parse("a|1|2"))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> ApplicationVersion.parse(null))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> ApplicationVersion.of("a|b", "1"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("application")
          .hasMessageContaining("a|b");
      assertThatThrownBy(() -> ApplicationVersion.of("a", "1|2"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("version");
      assertThatThrownBy(() -> ApplicationVersion.of("a", null))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("version is required");
    }

    @Test
    void validTellsWhetherAKeyCanBeMade() {
      assertThat(ApplicationVersion.valid("payments-api", "1.0.0")).isTrue();
      assertThat(ApplicationVersion.valid("a|b", "1.0.0")).isFalse();
      assertThat(ApplicationVersion.valid("a", "1|0")).isFalse();
      assertThat(ApplicationVersion.valid(null, "1")).isFalse();
      assertThat(ApplicationVersion.valid("a", null)).isFalse();
    }

    @Test
    void emptyComponentsAreUnambiguous() {
      assertThat(ApplicationVersion.parse("a|")).isEqualTo(ApplicationVersion.of("a", ""));
      assertThat(ApplicationVersion.of("", "").value()).isEqualTo("|");
    }
  }

  @Nested
  class ApplicationStageKey {

    @Test
    void legacyFormatAndRoundTrip() {
      ApplicationStage k = ApplicationStage.of("payments-api", "STAGING");
      assertThat(k.value()).isEqualTo("payments-api|STAGING").isEqualTo(k.toString());
      assertThat(ApplicationStage.parse(k.value())).isEqualTo(k);
    }

    @Test
    void refusesMalformed() {
      assertThatThrownBy(() -> ApplicationStage.parse("payments-api"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("<application>|<stage>");
      assertThatThrownBy(() -> ApplicationStage.parse("a|QA|x"))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> ApplicationStage.of("a", "Q|A"))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> ApplicationStage.of(null, "QA"))
          .isInstanceOf(MalformedKeyException.class);
    }
  }

  @Nested
  class ApplicationStageVersionKey {

    @Test
    void legacyFormatAndRoundTrip() {
      ApplicationStageVersion k = ApplicationStageVersion.of("payments-api", "PROD", "2.0.0");
      assertThat(k.value()).isEqualTo("payments-api|PROD|2.0.0").isEqualTo(k.toString());
      assertThat(ApplicationStageVersion.parse(k.value())).isEqualTo(k);
    }

    @Test
    void refusesMalformed() {
      assertThatThrownBy(() -> ApplicationStageVersion.parse("a|PROD"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("<application>|<stage>|<version>");
      assertThatThrownBy(() -> ApplicationStageVersion.parse("a|PROD|1|2"))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> ApplicationStageVersion.of("a", "PROD", "1|2"))
          .isInstanceOf(MalformedKeyException.class);
    }
  }

  @Nested
  class ApplicationPromotionKey {

    @Test
    void legacyFormatRoundTripAndPrefix() {
      ApplicationPromotion k = ApplicationPromotion.of("payments-api", ID);
      assertThat(k.value()).isEqualTo("payments-api|" + ID).isEqualTo(k.toString());
      assertThat(ApplicationPromotion.parse(k.value())).isEqualTo(k);
      assertThat(ApplicationPromotion.prefix("payments-api")).isEqualTo("payments-api|");
      assertThat(k.value()).startsWith(ApplicationPromotion.prefix("payments-api"));
      assertThat(k.value()).doesNotStartWith(ApplicationPromotion.prefix("payments"));
    }

    @Test
    void refusesMalformed() {
      assertThatThrownBy(() -> ApplicationPromotion.parse(ID))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("<application>|<promotionId>");
      assertThatThrownBy(() -> ApplicationPromotion.prefix("a|b"))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> ApplicationPromotion.prefix(null))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> ApplicationPromotion.of("a", "p|q"))
          .isInstanceOf(MalformedKeyException.class);
    }
  }

  @Nested
  class ApprovalEventKey {

    @Test
    void legacyFormatRoundTripAndPrefix() {
      ApprovalEvent k = ApprovalEvent.of("apr-" + ID, "e1");
      assertThat(k.value()).isEqualTo("apr-" + ID + "|e1").isEqualTo(k.toString());
      assertThat(ApprovalEvent.parse(k.value())).isEqualTo(k);
      assertThat(ApprovalEvent.prefix("apr-" + ID)).isEqualTo("apr-" + ID + "|");
    }

    @Test
    void refusesMalformed() {
      assertThatThrownBy(() -> ApprovalEvent.parse("apr-1"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("<approvalId>|<eventId>");
      assertThatThrownBy(() -> ApprovalEvent.parse("apr-1|e|f"))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> ApprovalEvent.prefix("apr|1"))
          .isInstanceOf(MalformedKeyException.class);
    }
  }

  @Nested
  class ApproverDecisionKey {

    @Test
    void legacyFormatAndRoundTrip() {
      assertThat(ApproverDecision.of("apr-1", "rm1", false).value()).isEqualTo("apr-1|rm1|decide");
      assertThat(ApproverDecision.of("apr-1", "rm1", true).value()).isEqualTo("apr-1|rm1|withdraw");
      ApproverDecision k = ApproverDecision.of("apr-1", "rm1", true);
      assertThat(ApproverDecision.parse(k.toString())).isEqualTo(k);
    }

    @Test
    void anApproverNameMayContainTheSeparator() {
      ApproverDecision k = ApproverDecision.of("apr-1", "auth0|5f1c", false);
      assertThat(k.value()).isEqualTo("apr-1|auth0|5f1c|decide");
      assertThat(ApproverDecision.parse(k.value())).isEqualTo(k);
      assertThat(ApproverDecision.parse("apr-1||decide").approver()).isEmpty();
    }

    @Test
    void refusesMalformed() {
      assertThatThrownBy(() -> ApproverDecision.parse("apr-1|rm1"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("<approvalId>|<approver>|<action>");
      assertThatThrownBy(() -> ApproverDecision.parse("apr-1|rm1|approve"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("decide or withdraw");
      assertThatThrownBy(() -> ApproverDecision.of("apr|1", "rm1", false))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> ApproverDecision.of("apr-1", null, false))
          .isInstanceOf(MalformedKeyException.class);
    }
  }

  @Nested
  class DeliveryKeyKey {

    @Test
    void legacyFormatAndRoundTrip() {
      DeliveryKey k = DeliveryKey.of(ID, "slack", "#releases");
      assertThat(k.value()).isEqualTo(ID + "|slack|#releases").isEqualTo(k.toString());
      assertThat(DeliveryKey.parse(k.value())).isEqualTo(k);
    }

    @Test
    void aRecipientMayContainTheSeparator() {
      DeliveryKey k = DeliveryKey.of(ID, "email", "ops|oncall@corp.example");
      assertThat(k.value()).isEqualTo(ID + "|email|ops|oncall@corp.example");
      assertThat(DeliveryKey.parse(k.value())).isEqualTo(k);
    }

    @Test
    void refusesMalformed() {
      assertThatThrownBy(() -> DeliveryKey.parse(ID + "|slack"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("<eventId>|<channel>|<recipient>");
      assertThatThrownBy(() -> DeliveryKey.of(ID, "sl|ack", "x"))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> DeliveryKey.of(ID, "slack", null))
          .isInstanceOf(MalformedKeyException.class);
    }
  }

  @Nested
  class DeliveryStatusKey {

    @Test
    void legacyFormatAndRoundTrip() {
      String delivery = DeliveryKey.of(ID, "email", "ops|oncall@corp.example").value();
      DeliveryStatus k = DeliveryStatus.of(delivery, "DELIVERED");
      assertThat(k.value()).isEqualTo(delivery + "|DELIVERED").isEqualTo(k.toString());
      assertThat(DeliveryStatus.parse(k.value())).isEqualTo(k);
    }

    @Test
    void refusesMalformed() {
      assertThatThrownBy(() -> DeliveryStatus.parse("DELIVERED"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("<deliveryKey>|<status>");
      assertThatThrownBy(() -> DeliveryStatus.of("k", "DE|LIVERED"))
          .isInstanceOf(MalformedKeyException.class);
    }
  }

  @Nested
  class AuditChain {

    @Test
    void legacyFormatAndRoundTrip() {
      assertThat(AuditChainKey.application("payments-api").value()).isEqualTo("payments-api");
      assertThat(AuditChainKey.policy("local").value()).isEqualTo("policy:local");
      assertThat(AuditChainKey.parse("policy:local")).isEqualTo(AuditChainKey.policy("local"));
      assertThat(AuditChainKey.parse("payments-api"))
          .isEqualTo(AuditChainKey.application("payments-api"));
      assertThat(AuditChainKey.policy("local")).hasToString("policy:local");
    }

    @Test
    void anApplicationNeverWritesIntoAPolicyChain() {
      assertThatThrownBy(() -> AuditChainKey.application("policy:local"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("':'");
      assertThatThrownBy(() -> AuditChainKey.parse("team:app"))
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> AuditChainKey.parse(null)).isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> AuditChainKey.policy(null))
          .isInstanceOf(MalformedKeyException.class);
    }

    @Test
    void aReleaseHasItsOwnChainAndAReleaseIdNamesNoOtherChainOrKey() {
      assertThat(AuditChainKey.release("rel-1").value()).isEqualTo("release:rel-1");
      assertThat(AuditChainKey.parse("release:rel-1")).isEqualTo(AuditChainKey.release("rel-1"));
      assertThat(AuditChainKey.parse("release:rel-1").kind()).isEqualTo(AuditChainKey.Kind.RELEASE);
      assertThatThrownBy(() -> AuditChainKey.application("release:rel-1"))
          .as("an application never writes into a release's chain")
          .isInstanceOf(MalformedKeyException.class);
      assertThatThrownBy(() -> AuditChainKey.release("policy:local"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("':'");
      assertThatThrownBy(() -> AuditChainKey.parse("release:a|b"))
          .isInstanceOf(MalformedKeyException.class)
          .hasMessageContaining("'|'");
      assertThatThrownBy(() -> AuditChainKey.release(null))
          .isInstanceOf(MalformedKeyException.class);
    }
  }
}
