package io.promoflow.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of every envelope schema, read from the classpath ({@code
 * io/promoflow/schemas/released/<version>/<Envelope>.avsc}, versions listed in {@code
 * versions.txt}). Released files are never edited: they are what records already on the topics were
 * written with.
 */
public final class ReleasedSchemas {

  private static final String ROOT = "/io/promoflow/schemas/released/";

  private ReleasedSchemas() {}

  /** Released versions in release order, e.g. {@code [v1]}. */
  public static List<String> versions() {
    String index = read(ROOT + "versions.txt");
    if (index == null) {
      return List.of();
    }
    return index
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  /**
   * The released schemas of the envelope {@code fullName} (e.g. {@code
   * io.promoflow.schemas.builds.BuildsEnvelope}).
   */
  public static List<Schema> of(String fullName) {
    String simpleName = fullName.substring(fullName.lastIndexOf('.') + 1);
    List<Schema> schemas = new ArrayList<>();
    for (String version : versions()) {
      String text = read(ROOT + version + "/" + simpleName + ".avsc");
      if (text != null) {
        schemas.add(new Schema.Parser().parse(text));
      }
    }
    return schemas;
  }

  private static String read(String resource) {
    try (InputStream in = ReleasedSchemas.class.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read released schema " + resource, e);
    }
  }
}
