package io.promoflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PaginationTest {

  static final Function<String, String> SELF = s -> s;

  @Test
  void pagesFollowTheSortKeyAndTheLastPageHasNoCursor() {
    List<String> items = List.of("d", "a", "c", "b", "e");
    Pagination.Page<String> first = Pagination.page(items, SELF, 2, null);
    assertThat(first.items()).containsExactly("a", "b");
    Pagination.Page<String> second = Pagination.page(items, SELF, 2, first.nextCursor());
    assertThat(second.items()).containsExactly("c", "d");
    Pagination.Page<String> last = Pagination.page(items, SELF, 2, second.nextCursor());
    assertThat(last.items()).containsExactly("e");
    assertThat(last.nextCursor()).isNull();
    assertThat(Pagination.page(items, SELF, 5, null).nextCursor())
        .as("exactly one full page: no next")
        .isNull();
  }

  @Test
  void anItemAddedOrRemovedBetweenCallsNeverRepeatsOrSkipsAnother() {
    List<String> items = new ArrayList<>(List.of("a", "b", "c", "d"));
    Pagination.Page<String> first = Pagination.page(items, SELF, 2, null);
    items.remove("b"); // the cursor's own item went away
    items.add("aa"); // and one appeared before it
    assertThat(Pagination.page(items, SELF, 2, first.nextCursor()).items())
        .containsExactly("c", "d");
  }

  @Test
  void timesSortOldestOrNewestFirst() {
    assertThat(Pagination.ascending(9, "x")).isLessThan(Pagination.ascending(10, "a"));
    assertThat(Pagination.descending(10, "x")).isLessThan(Pagination.descending(9, "a"));
    assertThat(Pagination.descending(10, "a")).isLessThan(Pagination.descending(10, "b"));
  }

  @Test
  void aBadLimitOrCursorIsA400NamingIt() {
    for (Integer bad : new Integer[] {0, -1, Pagination.MAX_LIMIT + 1}) {
      assertThatThrownBy(() -> Pagination.page(List.of("a"), SELF, bad, null))
          .isInstanceOfSatisfying(
              ProblemException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    }
    assertThat(Pagination.page(List.of("a"), SELF, null, null).items()).containsExactly("a");
    for (String bad : new String[] {"", "!!", "w_8", "x".repeat(5000)}) {
      assertThatThrownBy(() -> Pagination.page(List.of("a"), SELF, 1, bad))
          .isInstanceOfSatisfying(
              ProblemException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }
  }

  @Test
  void twoItemsWithOneSortKeyFailLoudly() {
    assertThatThrownBy(() -> Pagination.page(List.of("a", "a"), SELF, 1, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sort key");
  }
}
