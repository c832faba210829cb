package io.promoflow.promotion.domain;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;

/**
 * Categorises executor failures (image-promotion workflow, "Error Categories") with a severity that
 * decides retry: CRITICAL fails at once (the same call cannot succeed), HIGH is retried.
 *
 * <ul>
 *   <li>400, 422: VALIDATION, CRITICAL; 401: AUTHENTICATION, CRITICAL; 403: PERMISSION, CRITICAL;
 *   <li>404, 409, 410 and other 4xx: REGISTRY, CRITICAL; 408, 429 and 5xx: REGISTRY, HIGH;
 *   <li>time-outs: TIMEOUT, HIGH; refused, reset or unknown hosts: NETWORK, HIGH;
 *   <li>a 2xx answer that is not JSON: UNKNOWN, HIGH (often a proxy's error page); anything else:
 *       UNKNOWN, HIGH.
 * </ul>
 */
public final class ErrorClassifier {

  private ErrorClassifier() {}

  /** Category and severity of an HTTP answer that is not a success. */
  public static String[] ofStatus(int status) {
    return switch (status) {
      case 400, 422 -> new String[] {"VALIDATION", "CRITICAL"};
      case 401 -> new String[] {"AUTHENTICATION", "CRITICAL"};
      case 403 -> new String[] {"PERMISSION", "CRITICAL"};
      case 408, 429 -> new String[] {"REGISTRY", "HIGH"};
      default ->
          status >= 500 ? new String[] {"REGISTRY", "HIGH"} : new String[] {"REGISTRY", "CRITICAL"};
    };
  }

  /** Category and severity of a call that got no answer. */
  public static String[] ofException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException
          || t instanceof HttpTimeoutException
          || t instanceof java.util.concurrent.TimeoutException) {
        return new String[] {"TIMEOUT", "HIGH"};
      }
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof ClosedChannelException
          || t instanceof java.net.SocketException) {
        return new String[] {"NETWORK", "HIGH"};
      }
    }
    return new String[] {"UNKNOWN", "HIGH"};
  }

  /** The outcome of a 2xx answer whose body is not JSON. */
  public static String[] malformedAnswer() {
    return new String[] {"UNKNOWN", "HIGH"};
  }
}
