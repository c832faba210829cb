package io.promoflow.platform.web;

import io.promoflow.platform.security.RequiresRole;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service without Kafka whose routes are documented by springdoc with the platform's additions: a
 * paginated list, a read by id and a POST that records something (202).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DocumentedApplication.Routes.class)
class DocumentedApplication {

  /** One item: a name and a time (ISO-8601 UTC). */
  record Item(String name, Instant at) {}

  /** Body of the POST. */
  record NewItem(@NotBlank String name) {}

  /** What the POST answers. */
  record Recorded(String name, String eventId) {}

  static final List<Item> ITEMS =
      IntStream.range(0, 5)
          .mapToObj(i -> new Item("item-" + i, Instant.ofEpochSecond(1_767_261_600L + i)))
          .toList();

  @RestController
  static class Routes {

    @GetMapping("/api/v1/items")
    ResponseEntity<List<Item>> items(
        @RequestParam(required = false) Integer limit,
        @RequestParam(required = false) String cursor) {
      return Pagination.respond(ITEMS, Item::name, limit, cursor);
    }

    @GetMapping("/api/v1/items/{name}")
    Item item(@PathVariable String name) {
      return ITEMS.stream()
          .filter(i -> i.name().equals(name))
          .findFirst()
          .orElseThrow(() -> ProblemException.notFound("item " + name));
    }

    @RequiresRole("ci")
    @PostMapping("/api/v1/items")
    ResponseEntity<Recorded> create(@Valid @RequestBody NewItem body) {
      return ResponseEntity.accepted().body(new Recorded(body.name(), "e-1"));
    }
  }
}
