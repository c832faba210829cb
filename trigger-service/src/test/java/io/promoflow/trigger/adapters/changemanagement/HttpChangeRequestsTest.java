package io.promoflow.trigger.adapters.changemanagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.trigger.domain.ChangeRequests.Outcome;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every answer of change management, from the local stand-in, and no answer at all. */
class HttpChangeRequestsTest {

  static ChangeManagementStandIn standIn;

  @BeforeAll
  static void start() throws Exception {
    standIn = new ChangeManagementStandIn();
  }

  @AfterAll
  static void stop() {
    standIn.close();
  }

  static HttpChangeRequests client(String url, String token) {
    return new HttpChangeRequests(
        new ChangeManagementProperties(url, token, Duration.ofSeconds(2)));
  }

  @Test
  void eachAnswerIsOneOutcome() {
    HttpChangeRequests c = client(standIn.url(), ChangeManagementStandIn.TOKEN);
    assertThat(c.verify("CHG-OK-1").outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(c.verify("CHG-ASSESS-1"))
        .satisfies(v -> assertThat(v.outcome()).isEqualTo(Outcome.REFUSED))
        .satisfies(v -> assertThat(v.reason()).contains("not approved (state assess)"));
    assertThat(c.verify("CHG-NOPE").outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(c.verify("CHG-FAIL-1").outcome()).isEqualTo(Outcome.UNAVAILABLE);
    // an id is one path segment, whatever it holds
    assertThat(c.verify("CHG-OK 2/../x").outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(standIn.asked).contains("CHG-OK 2/../x");
  }

  @Test
  void refusedCredentialsOrNoAnswerAreUnavailableNeverAccepted() throws Exception {
    assertThat(client(standIn.url(), "wrong").verify("CHG-OK-1"))
        .satisfies(v -> assertThat(v.outcome()).isEqualTo(Outcome.UNAVAILABLE))
        .satisfies(v -> assertThat(v.reason()).doesNotContain("wrong"));
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThat(client("http://127.0.0.1:" + closed, null).verify("CHG-OK-1").outcome())
        .isEqualTo(Outcome.UNAVAILABLE);
  }

  @Test
  void withoutAConfiguredSystemAnIdIsAcceptedAsGiven() {
    assertThat(client(null, null).verify("CHG-ANY").outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(client(" ", null).verify("CHG-ANY").outcome()).isEqualTo(Outcome.ACCEPTED);
  }
}
