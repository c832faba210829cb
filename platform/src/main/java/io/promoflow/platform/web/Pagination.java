package io.promoflow.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The one rule for every list route (GitHub issue 17 point 2): {@code ?limit=&cursor=}, a stable
 * order, the body a plain JSON array (one page), the next page named by an RFC 8288 {@code Link:
 * <…>; rel="next"} header and by {@code X-Next-Cursor}; no header on the last page.
 *
 * <p>Each route orders its items by a sort key it chooses, unique per item, whose {@link
 * String#compareTo} order is the listing's order (e.g. the application name, or a zero-padded time
 * then an id). The cursor is that key of a page's last item, base64url-encoded: the next page
 * starts after it, so an item added or removed between two calls never makes a page repeat or skip
 * one that stayed. A cursor is opaque to clients; it is valid for the route and query that produced
 * it.
 *
 * <p>The {@code Link} target is path-absolute (no scheme or host): it resolves against whatever
 * address the client called, the service's own or the console's proxy ({@code /api/v1/**}).
 */
public final class Pagination {

  /** Items per page when {@code limit} is absent. */
  public static final int DEFAULT_LIMIT = 100;

  /** The largest {@code limit} accepted; a larger one is a 400 naming {@code limit}. */
  public static final int MAX_LIMIT = 1000;

  /** The header that carries the next page's cursor besides {@code Link}. */
  public static final String NEXT_CURSOR = "X-Next-Cursor";

  /** A cursor longer than this is refused (400) before it is decoded: sort keys are short. */
  static final int MAX_CURSOR_CHARS = 2048;

  private Pagination() {}

  /**
   * One page and the cursor of the next, or null on the last page.
   *
   * @param items this page, in order
   */
  public record Page<T>(List<T> items, String nextCursor) {}

  /**
   * The page of {@code items} that {@code limit} and {@code cursor} ask for, answered 200 with the
   * page as the body and, unless it is the last, {@code Link: <path?…&cursor=…>; rel="next"} and
   * {@code X-Next-Cursor}.
   *
   * @param items every item of the listing, in any order
   * @param sortKey each item's unique sort key (see the class comment)
   * @param limit items per page: 1 to {@link #MAX_LIMIT}; null: {@link #DEFAULT_LIMIT}
   * @param cursor where the page starts ({@code X-Next-Cursor} of the previous page); null: at the
   *     first item
   * @throws ProblemException 400 naming {@code limit} or {@code cursor}
   */
  public static <T> ResponseEntity<List<T>> respond(
      List<T> items, Function<T, String> sortKey, Integer limit, String cursor) {
    return respond(items, sortKey, limit, cursor, Function.identity());
  }

  /**
   * As {@link #respond(List, Function, Integer, String)}, each item of the page answered as its
   * {@code view} (only the page's items are turned into views).
   */
  public static <T, V> ResponseEntity<List<V>> respond(
      List<T> items,
      Function<T, String> sortKey,
      Integer limit,
      String cursor,
      Function<T, V> view) {
    Page<T> page = page(items, sortKey, limit, cursor);
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    if (page.nextCursor() != null) {
      ok.header(HttpHeaders.LINK, "<" + nextLink(page.nextCursor()) + ">; rel=\"next\"")
          .header(NEXT_CURSOR, page.nextCursor());
    }
    return ok.body(page.items().stream().map(view).toList());
  }

  /**
   * The page of {@code items} after {@code cursor}, at most {@code limit} long (see {@link
   * #respond}).
   *
   * @throws ProblemException 400 naming {@code limit} or {@code cursor}
   * @throws IllegalStateException when two items share a sort key (the order would not be stable)
   */
  public static <T> Page<T> page(
      List<T> items, Function<T, String> sortKey, Integer limit, String cursor) {
    int size = limit(limit);
    String after = cursor == null ? null : decode(cursor);
    List<Keyed<T>> sorted = new ArrayList<>(items.size());
    for (T item : items) {
      sorted.add(new Keyed<>(sortKey.apply(item), item));
    }
    sorted.sort(Comparator.comparing(Keyed::key));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).key().equals(sorted.get(i - 1).key())) {
        throw new IllegalStateException(
            "two items share the sort key " + sorted.get(i).key() + ": pages would not be stable");
      }
    }
    List<T> page = new ArrayList<>(Math.min(size, sorted.size()));
    String last = null;
    boolean more = false;
    for (Keyed<T> k : sorted) {
      if (after != null && k.key().compareTo(after) <= 0) {
        continue;
      }
      if (page.size() == size) {
        more = true;
        break;
      }
      page.add(k.item());
      last = k.key();
    }
    return new Page<>(List.copyOf(page), more ? encode(last) : null);
  }

  /**
   * A sort key for a time, then a tie-breaker: ascending order is oldest first.
   *
   * @param epochMs epoch milliseconds, at least 0
   */
  public static String ascending(long epochMs, String tieBreaker) {
    return String.format("%019d|%s", epochMs, tieBreaker);
  }

  /**
   * A sort key for a time, then a tie-breaker, with the newest time first (ties in tie-breaker
   * order).
   *
   * @param epochMs epoch milliseconds, at least 0
   */
  public static String descending(long epochMs, String tieBreaker) {
    return String.format("%019d|%s", Long.MAX_VALUE - epochMs, tieBreaker);
  }

  /** The limit {@code limit} asks for. */
  static int limit(Integer limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ProblemException.badField(
          "limit", "must be between 1 and " + MAX_LIMIT + " (got " + limit + ")");
    }
    return limit;
  }

  static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String cursor) {
    if (cursor.isEmpty() || cursor.length() > MAX_CURSOR_CHARS) {
      throw ProblemException.badField(
          "cursor", "not a cursor of this listing (take X-Next-Cursor of the previous page)");
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(cursor);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw ProblemException.badField(
          "cursor", "not a cursor of this listing (take X-Next-Cursor of the previous page)");
    }
  }

  /** The current request's path and query with {@code cursor} replaced. */
  private static String nextLink(String cursor) {
    if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a)) {
      throw new IllegalStateException("Pagination.respond runs while serving a request");
    }
    HttpServletRequest request = a.getRequest();
    return UriComponentsBuilder.fromPath(request.getRequestURI())
        .query(request.getQueryString())
        .replaceQueryParam("cursor", cursor)
        .build(true)
        .toUriString();
  }

  private record Keyed<T>(String key, T item) {}
}
