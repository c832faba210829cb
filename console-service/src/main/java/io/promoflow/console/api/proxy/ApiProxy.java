package io.promoflow.console.api.proxy;

import io.promoflow.console.domain.proxy.ApiRoutes;
import io.promoflow.console.domain.proxy.HopByHop;
import io.promoflow.console.domain.proxy.Upstream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.HttpRequestHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/**} of the six services behind the console's one address: each request goes to the
 * service {@link ApiRoutes} names, with its method, raw path and query, body, {@code Authorization}
 * and every other end-to-end header ({@link HopByHop}); the service's status, headers ({@code
 * Content-Type} included, e.g. {@code application/problem+json}) and body come back unchanged.
 * Bodies are streamed both ways, never held in memory: the service checks the caller's token and
 * role before it reads a body, so an unauthenticated upload is refused without the console having
 * read it. The services authenticate and authorize: the console adds no check of its own. A path no
 * service serves is 404, a service that does not answer 503, both problem+json naming what is
 * missing.
 */
public class ApiProxy implements HttpRequestHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiProxy.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Upstream upstream;

  public ApiProxy(Upstream upstream) {
    this.upstream = upstream;
  }

  @Override
  public void handleRequest(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Optional<String> service = ApiRoutes.service(request.getMethod(), path);
    if (service.isEmpty()) {
      problem(
          response,
          404,
          "Not found",
          "no service serves " + request.getMethod() + " " + path,
          Map.of());
      return;
    }
    String query = request.getQueryString();
    Upstream.Call call =
        new Upstream.Call(
            service.get(),
            request.getMethod(),
            path + (query == null ? "" : "?" + query),
            forwarded(request),
            request.getInputStream(),
            bodyLength(request));
    Upstream.Answer answer;
    try {
      answer = upstream.forward(call);
    } catch (Upstream.Unreachable e) {
      LOG.warn("API proxy: {}", e.getMessage());
      problem(
          response,
          503,
          "Service unavailable",
          e.getMessage(),
          Map.of("service", service.get() + "-service"));
      return;
    }
    try (Upstream.Body body = answer.body()) {
      response.setStatus(answer.status());
      answer.headers().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
      body.transferTo(response.getOutputStream());
    }
  }

  /** 0 without a body, the declared length, or -1 for a chunked body. */
  private static long bodyLength(HttpServletRequest request) {
    long declared = request.getContentLengthLong();
    if (declared >= 0) {
      return declared;
    }
    return request.getHeader("Transfer-Encoding") == null ? 0 : -1;
  }

  /** The request's end-to-end headers, plus where it came from ({@code X-Forwarded-*}). */
  private static Map<String, List<String>> forwarded(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    Map<String, List<String>> out = HopByHop.endToEnd(headers);
    out.put("X-Forwarded-For", List.of(request.getRemoteAddr()));
    out.put("X-Forwarded-Proto", List.of(request.getScheme()));
    String host = request.getHeader("Host");
    if (host != null) {
      out.put("X-Forwarded-Host", List.of(host));
    }
    return out;
  }

  private static void problem(
      HttpServletResponse response,
      int status,
      String title,
      String detail,
      Map<String, String> extra)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.putAll(extra);
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }
}
