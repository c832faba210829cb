package io.promoflow.notification.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackBlocksTest {

  @Test
  void aCommentCannotBecomeALinkOrAMention() {
    assertThat(SlackBlocks.escape("no <!channel> & <https://evil.example|click>"))
        .isEqualTo("no &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;");
    assertThat(SlackBlocks.escape(null)).isEmpty();
  }

  @Test
  void theOutcomeLineReplacesTheButtonsOfTheLastDecision() {
    String blocks =
        "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"x\"}},"
            + "{\"type\":\"actions\",\"block_id\":\"promoflow-approval\",\"elements\":[]}]";
    String last = SlackBlocks.withOutcome(blocks, "done", true);
    assertThat(last).contains("\"text\":\"done\"").doesNotContain("\"actions\"");
  }

  @Test
  void theButtonsOfAReleaseComponentsApprovalNameTheRelease() {
    io.promoflow.notification.domain.Notification single = EmailChannelTest.notification("apr-1");
    assertThat(SlackBlocks.message(single))
        .contains("\"value\":\"apr-1\"", "\"text\":\"Approve\"")
        .doesNotContain("release:");
    io.promoflow.notification.domain.Notification component =
        new io.promoflow.notification.domain.Notification(
            single.eventId(),
            single.eventType(),
            single.severity(),
            single.application(),
            single.promotionId(),
            single.stage(),
            single.title(),
            single.facts(),
            single.action(),
            single.approverRoles(),
            "apr-1",
            "rel-1");
    assertThat(SlackBlocks.message(component))
        .contains("\"value\":\"release:rel-1\"", "Approve release", "Reject release")
        .doesNotContain("\"value\":\"apr-1\"");
    assertThat(
            new io.promoflow.notification.domain.SlackInteraction.Click(
                    "U1", "release:rel-1", "C1", true, "t", "1.2", null)
                .releaseId())
        .isEqualTo("rel-1");
    assertThat(
            new io.promoflow.notification.domain.SlackInteraction.Click(
                    "U1", "apr-1", "C1", true, "t", "1.2", null)
                .releaseId())
        .isNull();
  }
}
