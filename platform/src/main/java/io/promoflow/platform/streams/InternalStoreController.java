package io.promoflow.platform.streams;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What this instance's state stores hold, for the other instances of the same service ({@link
 * RemoteStores}); never for people or other services: only the internal token opens {@code
 * /internal/**} ({@link InternalCallSecurity}). Answers only from this instance's own active
 * partitions and never asks further, so a read is forwarded at most once. Values are written with
 * the stores' own JSON mapper ({@link JsonSerde}).
 *
 * <ul>
 *   <li>{@code GET /internal/stores/{store}?key=k}: {@code {"found": true, "value": …}} or {@code
 *       {"found": false}} from every active partition this instance holds; with {@code
 *       &partition=p} from that partition only, and 503 when this instance does not hold its active
 *       copy (the caller retries).
 *   <li>{@code GET /internal/stores/{store}}: {@code {"entries": [{"key": …, "value": …}, …]}} in
 *       key order.
 * </ul>
 */
@RestController
@RequestMapping(InternalStoreController.PATH)
public class InternalStoreController {

  /** Where the routes live; {@code /internal/**} is authenticated by the internal token only. */
  public static final String PATH = "/internal/stores";

  private final StoreQueries stores;

  public InternalStoreController(StoreQueries stores) {
    this.stores = stores;
  }

  @GetMapping(path = "/{store}", params = "key", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> value(
      @PathVariable String store,
      @RequestParam String key,
      @RequestParam(required = false) Integer partition) {
    ObjectNode body = JsonSerde.mapper().createObjectNode();
    stores
        .owned(store, key, partition)
        .ifPresentOrElse(
            v -> body.put("found", true).set("value", json(v)), () -> body.put("found", false));
    return ok(body);
  }

  @GetMapping(path = "/{store}", params = "!key", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> entries(@PathVariable String store) {
    ObjectNode body = JsonSerde.mapper().createObjectNode();
    ArrayNode entries = body.putArray("entries");
    for (Map.Entry<String, Object> e : stores.localAll(store).entrySet()) {
      entries.addObject().put("key", e.getKey()).set("value", json(e.getValue()));
    }
    return ok(body);
  }

  private static tools.jackson.databind.JsonNode json(Object value) {
    return JsonSerde.mapper().valueToTree(value);
  }

  private static ResponseEntity<byte[]> ok(ObjectNode body) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(JsonSerde.mapper().writeValueAsBytes(body));
  }
}
