package io.promoflow.notification.adapters;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.promoflow.notification.domain.Notification;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * E-mail over SMTP (Spring Mail): a plain-text and an HTML body from the templates {@code
 * templates/email.*.mustache}; the subject names severity, application, version, stage and outcome.
 * A request for an approval decision links to the console's approval page when {@code
 * promoflow.console.url} is set.
 */
public final class EmailChannel implements NotificationChannel {

  private static final Template TEXT = template("templates/email.txt.mustache", false);
  private static final Template HTML = template("templates/email.html.mustache", true);
  private final JavaMailSender sender;
  private final String from;
  private final String consoleUrl;

  /**
   * @param consoleUrl {@code promoflow.console.url}; empty or null: no link to the console
   */
  public EmailChannel(JavaMailSender sender, String from, String consoleUrl) {
    this.sender = sender;
    this.from = from;
    this.consoleUrl =
        consoleUrl == null || consoleUrl.isBlank()
            ? null
            : consoleUrl.strip().replaceAll("/+$", "");
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void send(Notification n, String recipient) {
    MimeMessage mail = sender.createMimeMessage();
    try {
      MimeMessageHelper helper = new MimeMessageHelper(mail, true, StandardCharsets.UTF_8.name());
      helper.setFrom(from);
      helper.setTo(recipient);
      helper.setSubject(subject(n));
      Map<String, Object> model = model(n, consoleUrl);
      helper.setText(TEXT.execute(model), HTML.execute(model));
    } catch (MessagingException e) {
      throw new MailPreparationException("cannot build the e-mail of " + n.eventId(), e);
    }
    sender.send(mail);
  }

  /** {@code [Promoflow][HIGH] bookstore 1.0.0 awaits approval for PROD}. */
  public static String subject(Notification n) {
    return "[Promoflow][" + n.severity() + "] " + n.title();
  }

  /**
   * The templates' values; {@code approvalUrl} ({@code <console>/approvals?approvalId=<id>}) when
   * the notification asks for a decision and the console's URL is known.
   */
  static Map<String, Object> model(Notification n, String consoleUrl) {
    Map<String, Object> model = new HashMap<>();
    if (consoleUrl != null && n.approvalId() != null) {
      model.put(
          "approvalUrl",
          consoleUrl
              + "/approvals?approvalId="
              + URLEncoder.encode(n.approvalId(), StandardCharsets.UTF_8));
    }
    model.put("title", n.title());
    model.put("severity", n.severity().name());
    model.put("eventType", n.eventType());
    model.put("eventId", n.eventId());
    model.put("action", n.action());
    model.put(
        "facts",
        n.facts().entrySet().stream()
            .map(e -> Map.of("label", e.getKey(), "value", e.getValue()))
            .toList());
    return model;
  }

  private static Template template(String resource, boolean escapeHtml) {
    try (Reader reader =
        new InputStreamReader(
            EmailChannel.class.getClassLoader().getResourceAsStream(resource),
            StandardCharsets.UTF_8)) {
      return Mustache.compiler().escapeHTML(escapeHtml).defaultValue("").compile(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read e-mail template " + resource, e);
    }
  }
}
