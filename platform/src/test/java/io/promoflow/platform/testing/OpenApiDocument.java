package io.promoflow.platform.testing;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A published OpenAPI 3.1 document as a test oracle (GitHub issue 17 point 2): {@link #check} says
 * how one HTTP exchange departs from it (route, status, content type, body schema, paging header),
 * {@link #undocumented} which of the code's routes it lacks.
 *
 * <p>Bodies are validated as JSON Schema 2020-12 (the dialect of OpenAPI 3.1) with the document's
 * {@code components}, made strict first: an object schema that lists its properties and says
 * nothing of others accepts no other ({@code unevaluatedProperties: false}), so a field a route
 * answers but the document does not name is a violation, not a silent pass.
 */
public final class OpenApiDocument {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  // networknt 1.5.x: the line cyclonedx-core-java (trigger-service) is built on; 2.x/3.x move
  // its classes, and one test classpath holds one version
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

  private final JsonNode document;
  private final ObjectNode strictComponents;

  public OpenApiDocument(JsonNode document) {
    if (document == null || !document.path("openapi").asString("").startsWith("3.1")) {
      throw new IllegalArgumentException(
          "not an OpenAPI 3.1 document: " + (document == null ? null : document.path("openapi")));
    }
    this.document = document;
    this.strictComponents =
        document.path("components").isObject()
            ? (ObjectNode) document.get("components").deepCopy()
            : JSON.createObjectNode();
    strict(strictComponents);
  }

  /** The document. */
  public JsonNode json() {
    return document;
  }

  /**
   * One exchange as a client saw it.
   *
   * @param method HTTP method
   * @param uri the URI called
   * @param status the answer's status
   * @param contentType its {@code Content-Type}, or empty
   * @param body its body text, or empty
   * @param link its {@code Link} header, or null
   */
  public record Exchange(
      String method, URI uri, int status, String contentType, String body, String link) {}

  /**
   * How {@code e} departs from the document; empty when it conforms. Routes outside {@code /api/}
   * and {@code /webhooks/} (actuator, internal, the document itself) are not described and not
   * checked; a 404 or 405 from a route the document does not have is what it should be.
   */
  public List<String> check(Exchange e) {
    String path = e.uri().getRawPath();
    if (!path.startsWith("/api/") && !path.startsWith("/webhooks/")) {
      return List.of();
    }
    String where = e.method() + " " + path + " -> " + e.status();
    JsonNode operation = operation(e.method(), path);
    if (operation == null) {
      return e.status() == 404 || e.status() == 405
          ? List.of()
          : List.of(where + ": the document has no such operation");
    }
    JsonNode response = operation.path("responses").path(String.valueOf(e.status()));
    if (response.isMissingNode()) {
      response = operation.path("responses").path("default");
    }
    if (response.isMissingNode()) {
      return List.of(
          where
              + ": status not documented (documented: "
              + names(operation.path("responses"))
              + ")");
    }
    List<String> violations = new ArrayList<>();
    if (e.link() != null && !response.path("headers").has("Link")) {
      violations.add(where + ": answers a Link header the document does not declare");
    }
    JsonNode content = response.path("content");
    if (!content.isObject() || content.isEmpty()) {
      if (e.body() != null && !e.body().isBlank()) {
        violations.add(where + ": answers a body where the document declares none");
      }
      return violations;
    }
    String mediaType = e.contentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
    JsonNode media = content.path(mediaType);
    if (media.isMissingNode()) {
      media = content.path("*/*");
    }
    if (media.isMissingNode()) {
      violations.add(
          where + ": content type '" + mediaType + "' not documented (" + names(content) + ")");
      return violations;
    }
    if (!mediaType.endsWith("json") || !media.has("schema")) {
      return violations;
    }
    JsonNode body;
    try {
      body = JSON.readTree(e.body() == null || e.body().isBlank() ? "null" : e.body());
    } catch (tools.jackson.core.JacksonException notJson) {
      violations.add(where + ": body is not JSON: " + notJson.getOriginalMessage());
      return violations;
    }
    ObjectNode schema = JSON.createObjectNode();
    schema.put("$schema", DIALECT);
    schema.set("allOf", JSON.createArrayNode().add(strictCopy(media.get("schema"))));
    schema.set("components", strictComponents);
    JsonSchema validator = SCHEMAS.getSchema(schema.toString());
    validator
        .validate(body.toString(), InputFormat.JSON)
        .forEach(
            err ->
                violations.add(where + ": " + err.getInstanceLocation() + " " + err.getMessage()));
    return violations;
  }

  /**
   * The routes ({@code "GET /api/v1/x/{id}"}) that are not documented among {@code routes}; only
   * {@code /api/} and {@code /webhooks/} routes are expected in the document.
   */
  public List<String> undocumented(List<String> routes) {
    List<String> missing = new ArrayList<>();
    for (String route : routes) {
      String[] methodAndPath = route.split(" ", 2);
      String path = methodAndPath[1];
      if (!path.startsWith("/api/") && !path.startsWith("/webhooks/")) {
        continue;
      }
      if (!document.path("paths").path(path).has(methodAndPath[0].toLowerCase(Locale.ROOT))) {
        missing.add(route);
      }
    }
    return missing;
  }

  /** Every documented operation, as {@code "GET /api/v1/x/{id}"}. */
  public List<String> operations() {
    List<String> all = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : document.path("paths").properties()) {
      for (String m : names(p.getValue()).split(", ")) {
        if (!m.isEmpty() && !m.equals("parameters")) {
          all.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
        }
      }
    }
    return all;
  }

  /**
   * The operation serving {@code method path}: the documented path template that matches with the
   * fewest variables (as MVC prefers a literal segment), or null.
   */
  JsonNode operation(String method, String path) {
    return document.path("paths").properties().stream()
        .filter(p -> template(p.getKey()).matcher(path).matches())
        .sorted(Comparator.comparingLong(p -> p.getKey().chars().filter(c -> c == '{').count()))
        .map(p -> p.getValue().path(method.toLowerCase(Locale.ROOT)))
        .filter(op -> !op.isMissingNode())
        .findFirst()
        .orElse(null);
  }

  /** {@code /a/{b}/c} as a pattern matching a raw path; a variable is one segment. */
  static Pattern template(String template) {
    StringBuilder regex = new StringBuilder();
    for (String part : template.split("(?=\\{)|(?<=\\})")) {
      regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  private static String names(JsonNode object) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = object.propertyNames().iterator();
    it.forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static JsonNode strictCopy(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    strict(copy);
    return copy;
  }

  /** Every object schema below {@code node} that lists properties and allows no others. */
  private static void strict(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.has("properties")
          && !o.has("additionalProperties")
          && !o.has("unevaluatedProperties")) {
        o.put("unevaluatedProperties", false);
      }
      for (Map.Entry<String, JsonNode> child : o.properties()) {
        strict(child.getValue());
      }
    } else if (node != null && node.isArray()) {
      node.forEach(OpenApiDocument::strict);
    }
  }
}
