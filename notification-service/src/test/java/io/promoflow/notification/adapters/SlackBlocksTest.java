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
}
