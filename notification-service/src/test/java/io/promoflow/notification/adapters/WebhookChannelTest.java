package io.promoflow.notification.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {

  @Test
  void aWebhookWithoutASecretStopsTheServiceNamingTheKey() {
    for (String secret : new String[] {null, "", "  "}) {
      assertThatThrownBy(
              () -> new WebhookChannel("http://127.0.0.1:9/hook", secret, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("promoflow.notifications.webhook.secret")
          .hasMessageContaining("PROMOFLOW_NOTIFICATIONS_WEBHOOK_SECRET");
    }
    assertThat(
            new WebhookChannel("http://127.0.0.1:9/hook", "s3cret", Duration.ofSeconds(1)).name())
        .isEqualTo("webhook");
  }

  @Test
  void signaturesNeedASecret() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookChannel.sign("k".getBytes(StandardCharsets.UTF_8), body))
        .startsWith("sha256=")
        .hasSize(71);
    assertThatThrownBy(() -> WebhookChannel.sign(new byte[0], body))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
