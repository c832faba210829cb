package io.promoflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestSizeLimitFilterTest {

  static final WebLimitsProperties LIMITS =
      new WebLimitsProperties(
          DataSize.ofBytes(100),
          List.of(
              new WebLimitsProperties.Route(
                  "/api/v1/builds/{application}/{version}/evidence", DataSize.ofBytes(1000)),
              new WebLimitsProperties.Route("/api/v1/builds", DataSize.ofBytes(500))));

  @Test
  void routesHaveTheirOwnLimitOrTheDefault() {
    assertThat(LIMITS.limitFor("/api/v1/builds")).isEqualTo(500);
    assertThat(LIMITS.limitFor("/api/v1/builds/inventory/1.0/evidence")).isEqualTo(1000);
    assertThat(LIMITS.limitFor("/webhooks/github")).isEqualTo(100);
    assertThatThrownBy(() -> new WebLimitsProperties(DataSize.ofBytes(0), List.of()))
        .hasMessageContaining("promoflow.web.max-request-bytes");
  }

  @Test
  void aDeclaredLengthOverTheLimitIsAnswered413WithoutRunningTheChain()
      throws ServletException, IOException {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/github");
    request.setContent(new byte[101]);
    MockHttpServletResponse response = new MockHttpServletResponse();
    AtomicBoolean ran = new AtomicBoolean();
    new RequestSizeLimitFilter(LIMITS).doFilter(request, response, (req, res) -> ran.set(true));
    assertThat(ran).isFalse();
    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getHeader("Connection")).isEqualTo("close");
    assertThat(response.getContentAsString())
        .contains("101 bytes exceeds the limit of 100 bytes")
        .contains("\"field\":\"body\"");

    MockHttpServletResponse within = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    request.setContent(new byte[100]);
    new RequestSizeLimitFilter(LIMITS).doFilter(request, within, chain);
    assertThat(chain.getRequest()).isNotNull();
    assertThat(within.getStatus()).isEqualTo(200);
  }

  /**
   * A body without Content-Length (chunked): counted while read; its reader fails past the limit.
   */
  @Test
  void anUndeclaredBodyFailsItsReaderOncePastTheLimit() throws ServletException, IOException {
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", "/api/v1/builds") {
          @Override
          public long getContentLengthLong() {
            return -1;
          }
        };
    request.setContent(new byte[501]);
    MockHttpServletResponse response = new MockHttpServletResponse();
    new RequestSizeLimitFilter(LIMITS)
        .doFilter(request, response, (req, res) -> req.getInputStream().readAllBytes());
    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentAsString()).contains("exceeds the limit of 500 bytes");

    request.setContent(new byte[500]);
    MockHttpServletResponse within = new MockHttpServletResponse();
    byte[][] read = new byte[1][];
    new RequestSizeLimitFilter(LIMITS)
        .doFilter(request, within, (req, res) -> read[0] = req.getInputStream().readAllBytes());
    assertThat(read[0]).hasSize(500);
    assertThat(within.getStatus()).isEqualTo(200);
  }
}
