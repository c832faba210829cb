package io.promoflow.console.domain.openapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the six services' OpenAPI 3.1 documents into the one the console publishes (GitHub issue
 * 17 point 2). Paths must be disjoint and a component name must mean one thing: two services that
 * describe one path, or two different definitions under one component name, are a {@link Conflict}
 * (never one silently winning). Equal definitions under one name (the platform's {@code Problem},
 * the bearer scheme) are kept once.
 *
 * <p>Each operation keeps its service's security (pushed down from the service's document), is
 * tagged with the service's name and its {@code operationId} prefixed by it ({@code
 * approval_list}), since ids need only be unique per service. {@code servers} is the console's
 * address, whose {@code /api/v1/**} reaches every service. A service whose document could not be
 * read is listed under {@code x-promoflow-unavailable} (service, url, reason) and its paths are
 * missing.
 */
public final class ApiDocsMerger {

  /** The extension listing the services whose paths are missing, with why. */
  public static final String UNAVAILABLE = "x-promoflow-unavailable";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ApiDocsMerger() {}

  /**
   * One service's document, or why there is none.
   *
   * @param service short name (trigger, gate, …)
   * @param url where the document was asked for
   * @param document the document, or null when {@code unavailable} says why
   * @param unavailable why the document could not be read, or null
   */
  public record ServiceDocument(String service, URI url, JsonNode document, String unavailable) {

    /** A document that was read. */
    public static ServiceDocument of(String service, URI url, JsonNode document) {
      return new ServiceDocument(service, url, document, null);
    }

    /** A service that did not answer with a document. */
    public static ServiceDocument missing(String service, URI url, String reason) {
      return new ServiceDocument(service, url, null, reason);
    }
  }

  /** Two services' documents contradict each other; the message names both and what. */
  public static final class Conflict extends RuntimeException {

    public Conflict(String message) {
      super(message);
    }
  }

  /**
   * The merged document.
   *
   * @param console the console's public base URL, the document's only server
   * @param documents the services' documents, in the order their paths are listed
   * @throws Conflict when two documents describe one path, or one component name differently
   */
  public static ObjectNode merge(URI console, List<ServiceDocument> documents) {
    ObjectNode merged = JSON.createObjectNode();
    merged.put("openapi", "3.1.0");
    ObjectNode info = merged.putObject("info");
    info.put("title", "Promoflow API");
    info.put("version", "v1");
    info.put(
        "description",
        "The six Promoflow services behind one address. Times are ISO-8601 UTC; lists take"
            + " ?limit=&cursor= and name the next page in Link rel=next (and X-Next-Cursor);"
            + " errors are application/problem+json. Services whose description could not be"
            + " read are listed in "
            + UNAVAILABLE
            + " and their paths are missing.");
    merged
        .putArray("servers")
        .addObject()
        .put("url", console.toString())
        .put("description", "the console");
    ArrayNode tags = merged.putArray("tags");
    ObjectNode paths = merged.putObject("paths");
    ObjectNode components = merged.putObject("components");
    ArrayNode unavailable = JSON.createArrayNode();
    Map<String, String> pathOwner = new LinkedHashMap<>();
    Map<String, String> componentOwner = new LinkedHashMap<>();
    for (ServiceDocument d : documents) {
      String why = d.unavailable() != null ? d.unavailable() : invalid(d.document());
      if (why != null) {
        unavailable
            .addObject()
            .put("service", d.service())
            .put("url", d.url().toString())
            .put("reason", why);
        continue;
      }
      tags.addObject()
          .put("name", d.service())
          .put("description", "served by " + d.service() + "-service");
      JsonNode security = d.document().path("security");
      for (Map.Entry<String, JsonNode> path : d.document().path("paths").properties()) {
        String owner = pathOwner.putIfAbsent(path.getKey(), d.service());
        if (owner != null) {
          throw new Conflict(
              "path " + path.getKey() + " is described by both " + owner + " and " + d.service());
        }
        paths.set(path.getKey(), operations(d.service(), path.getValue(), security));
      }
      for (Map.Entry<String, JsonNode> section : d.document().path("components").properties()) {
        ObjectNode into =
            components.has(section.getKey())
                ? (ObjectNode) components.get(section.getKey())
                : components.putObject(section.getKey());
        for (Map.Entry<String, JsonNode> c : section.getValue().properties()) {
          String key = section.getKey() + "/" + c.getKey();
          JsonNode before = into.get(c.getKey());
          if (before == null) {
            into.set(c.getKey(), c.getValue());
            componentOwner.put(key, d.service());
          } else if (!before.equals(c.getValue())) {
            throw new Conflict(
                "components/"
                    + key
                    + " differs between "
                    + componentOwner.get(key)
                    + " and "
                    + d.service()
                    + ": rename one of them (two schemas under one name would make one service's"
                    + " description wrong)");
          }
        }
      }
    }
    if (!unavailable.isEmpty()) {
      merged.set(UNAVAILABLE, unavailable);
    }
    return merged;
  }

  /** Why {@code document} cannot be merged, or null when it can. */
  private static String invalid(JsonNode document) {
    if (document == null || !document.isObject()) {
      return "not a JSON object";
    }
    String version = document.path("openapi").asString("");
    if (!version.startsWith("3.1")) {
      return "not an OpenAPI 3.1 document (openapi: "
          + (version.isEmpty() ? "missing" : version)
          + ")";
    }
    return null;
  }

  /** The operations of one path item, tagged, with their security and a service-unique id. */
  private static JsonNode operations(String service, JsonNode pathItem, JsonNode security) {
    ObjectNode item = (ObjectNode) pathItem.deepCopy();
    for (String method :
        List.of("get", "put", "post", "delete", "options", "head", "patch", "trace")) {
      if (!(item.get(method) instanceof ObjectNode op)) {
        continue;
      }
      ArrayNode tags = JSON.createArrayNode().add(service);
      op.set("tags", tags);
      if (op.has("operationId")) {
        op.put("operationId", service + "_" + op.get("operationId").asString());
      }
      if (!op.has("security") && security.isArray()) {
        op.set("security", security.deepCopy());
      }
      op.put("x-promoflow-service", service);
    }
    return item;
  }

  /** The services named in {@code merged}'s {@link #UNAVAILABLE} list. */
  public static List<String> unavailable(JsonNode merged) {
    List<String> names = new ArrayList<>();
    merged.path(UNAVAILABLE).forEach(u -> names.add(u.path("service").asString()));
    return names;
  }
}
