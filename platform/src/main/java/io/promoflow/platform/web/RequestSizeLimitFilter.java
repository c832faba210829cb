package io.promoflow.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds every request body by its route's limit ({@link WebLimitsProperties}); runs before every
 * other filter, so that neither security nor a signature check nor a controller reads an oversized
 * body. A declared {@code Content-Length} over the limit is answered 413 {@code
 * application/problem+json} at once, the body unread (and the connection closed); a body without a
 * length (chunked) is counted while it is read and its reader fails with {@link
 * RequestTooLargeException} once it passes the limit, which {@link ProblemResponses} answers 413.
 * Multipart bodies are parsed by the container, which counts them against {@code
 * spring.servlet.multipart.*}.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final WebLimitsProperties limits;

  public RequestSizeLimitFilter(WebLimitsProperties limits) {
    this.limits = limits;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    long limit = limits.limitFor(path);
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      reject(
          response,
          request.getMethod()
              + " "
              + path
              + ": the request body of "
              + declared
              + " bytes exceeds the limit of "
              + limit
              + " bytes");
      return;
    }
    // a declared length within the limit is enforced by the container; only an undeclared one is
    // counted
    HttpServletRequest bounded = declared < 0 ? new Bounded(request, limit) : request;
    try {
      chain.doFilter(bounded, response);
    } catch (IOException | ServletException | RuntimeException e) {
      RequestTooLargeException tooLarge = RequestTooLargeException.in(e);
      if (tooLarge == null || response.isCommitted()) {
        throw e;
      }
      reject(response, request.getMethod() + " " + path + ": " + tooLarge.getMessage());
    }
  }

  /**
   * Writes the 413 problem and asks the container to close the connection rather than read the
   * rest.
   */
  static void reject(HttpServletResponse response, String detail) throws IOException {
    response.resetBuffer();
    response.setStatus(413);
    response.setHeader("Connection", "close");
    response.setContentType("application/problem+json");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", "Content too large");
    body.put("status", 413);
    body.put("detail", detail);
    body.put("field", "body");
    byte[] bytes = JSON.writeValueAsBytes(body);
    // a length, not chunks: the client knows where the answer ends while the connection still owes
    // the body
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }

  /** The request with its body counted against {@code limit}. */
  private static final class Bounded extends HttpServletRequestWrapper {

    private final long limit;
    private ServletInputStream stream;

    Bounded(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), limit);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  /**
   * Fails with {@link RequestTooLargeException} as soon as more than {@code limit} bytes were read.
   */
  private static final class CountingStream extends ServletInputStream {

    private final ServletInputStream in;
    private final long limit;
    private long read;

    CountingStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws RequestTooLargeException {
      read += n;
      if (read > limit) {
        throw new RequestTooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
