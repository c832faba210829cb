package io.promoflow.promotion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassifierTest {

  @ParameterizedTest(name = "HTTP {0} -> {1}/{2}")
  @CsvSource({
    "400, VALIDATION, CRITICAL",
    "422, VALIDATION, CRITICAL",
    "401, AUTHENTICATION, CRITICAL",
    "403, PERMISSION, CRITICAL",
    "404, REGISTRY, CRITICAL",
    "409, REGISTRY, CRITICAL",
    "408, REGISTRY, HIGH",
    "429, REGISTRY, HIGH",
    "500, REGISTRY, HIGH",
    "503, REGISTRY, HIGH"
  })
  void statusesAreCategorisedAndOnlyHighSeverityIsRetried(
      int status, String category, String severity) {
    String[] c = ErrorClassifier.ofStatus(status);
    assertThat(c).containsExactly(category, severity);
    assertThat(new AttemptOutcome(false, c[0], c[1], status, 1, "x").retryable())
        .isEqualTo(severity.equals("HIGH"));
  }

  @Test
  void callsWithoutAnAnswerAreTimeoutsOrNetworkErrors() {
    assertThat(ErrorClassifier.ofException(new HttpTimeoutException("request timed out")))
        .containsExactly("TIMEOUT", "HIGH");
    assertThat(ErrorClassifier.ofException(new HttpConnectTimeoutException("connect timed out")))
        .containsExactly("TIMEOUT", "HIGH");
    assertThat(
            ErrorClassifier.ofException(
                new IOException(new ConnectException("Connection refused"))))
        .containsExactly("NETWORK", "HIGH");
    assertThat(ErrorClassifier.ofException(new IOException("stream closed")))
        .containsExactly("UNKNOWN", "HIGH");
    assertThat(new AttemptOutcome(true, null, null, 200, 1, "ok").retryable()).isFalse();
  }
}
