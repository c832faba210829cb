package io.promoflow.notification.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.notification.domain.Notification;
import io.promoflow.rules.policy.Severity;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The approval page link of approval e-mails (GitHub issue 17 point 4). */
class EmailChannelTest {

  final List<MimeMessage> sent = new ArrayList<>();
  final JavaMailSenderImpl sender =
      new JavaMailSenderImpl() {
        @Override
        public void send(MimeMessage message) {
          sent.add(message);
        }
      };

  static Notification notification(String approvalId) {
    return new Notification(
        "evt-1",
        "ApprovalRequested",
        Severity.HIGH,
        "inventory",
        "p-1",
        "PROD",
        "inventory 1.4.2 awaits approval for PROD",
        Map.of("Application", "inventory"),
        "./promoflow approvals approve apr-1",
        List.of("release-manager"),
        approvalId,
        null);
  }

  String raw(MimeMessage message) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    // quoted-printable: join soft line breaks and decode '='
    return out.toString().replace("=\r\n", "").replace("=3D", "=");
  }

  @Test
  void anApprovalRequestLinksToTheConsolesApprovalPageInTextAndHtml() throws Exception {
    new EmailChannel(sender, "promoflow@localhost", "https://console.example.com/")
        .send(notification("apr-1"), "rm@example.com");

    String raw = raw(sent.get(0));
    assertThat(raw)
        .contains(
            "Review and decide in the console: https://console.example.com/approvals?approvalId=apr-1")
        // HTML-escaped in the attribute ('=' as &#x3D;), which a mail client decodes back
        .contains("<a href=\"https://console.example.com/approvals?approvalId&#x3D;apr-1\"");
  }

  @Test
  void noLinkWithoutAConsoleUrlOrWithoutAnApproval() throws Exception {
    new EmailChannel(sender, "promoflow@localhost", "")
        .send(notification("apr-1"), "a@example.com");
    new EmailChannel(sender, "promoflow@localhost", "https://console.example.com")
        .send(notification(null), "a@example.com");

    assertThat(raw(sent.get(0))).doesNotContain("approvals?approvalId");
    assertThat(raw(sent.get(1))).doesNotContain("approvals?approvalId");
    assertThat(raw(sent.get(1))).contains("approvals approve apr-1");
  }
}
