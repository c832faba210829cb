package io.promoflow.notification.channel;

import io.promoflow.notification.domain.Notification;
import java.util.List;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** E-mail over SMTP (Spring Mail): the subject names application, version, stage and outcome; facts in the body. */
public final class EmailChannel implements NotificationChannel {

  private final JavaMailSender sender;
  private final String from;
  private final List<String> to;

  public EmailChannel(JavaMailSender sender, String from, List<String> to) {
    this.sender = sender;
    this.from = from;
    this.to = List.copyOf(to);
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public List<String> recipients() {
    return to;
  }

  @Override
  public void send(Notification n, String recipient) {
    SimpleMailMessage mail = new SimpleMailMessage();
    mail.setFrom(from);
    mail.setTo(recipient);
    mail.setSubject("[Promoflow][" + n.severity() + "] " + n.title());
    StringBuilder body = new StringBuilder(n.title()).append("\n\n");
    n.facts().forEach((k, v) -> body.append(k).append(": ").append(v).append('\n'));
    if (n.action() != null) {
      body.append("\nTo act: ").append(n.action()).append('\n');
    }
    body.append("\n-- \n").append(n.eventType()).append(" event ").append(n.eventId()).append('\n');
    mail.setText(body.toString());
    sender.send(mail);
  }
}
