package io.promoflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ReleasedSchemaCompatibilityTest {

  @Test
  void everyTopicHasAReleasedSchema() {
    assertThat(ReleasedSchemas.versions()).contains("v1");
    for (Topic<?> topic : Topics.ALL) {
      assertThat(ReleasedSchemas.of(currentSchema(topic).getFullName()))
          .as("released schemas of %s", topic.name())
          .isNotEmpty();
    }
  }

  @TestFactory
  List<DynamicTest> currentSchemasAreBackwardAndForwardCompatibleWithEveryRelease() {
    return Topics.ALL.stream()
        .flatMap(
            topic -> {
              Schema current = currentSchema(topic);
              List<Schema> releases = ReleasedSchemas.of(current.getFullName());
              return releases.stream()
                  .map(
                      released ->
                          DynamicTest.dynamicTest(
                              topic.name() + " " + (releases.indexOf(released) + 1),
                              () -> {
                                assertThat(
                                        SchemaCompatibility.checkReaderWriterCompatibility(
                                                current, released)
                                            .getType())
                                    .as("backward: current reads records written with the release")
                                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
                                SchemaCompatibility.SchemaPairCompatibility forward =
                                    SchemaCompatibility.checkReaderWriterCompatibility(
                                        released, current);
                                if (released == releases.get(releases.size() - 1)) {
                                  assertThat(forward.getType())
                                      .as(
                                          "forward: readers of the latest release read current records")
                                      .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
                                } else {
                                  // readers of an older release meet only event types they cannot
                                  // name (dead-lettered with the reason);
                                  // every field they know still decodes
                                  assertThat(forward.getResult().getIncompatibilities())
                                      .as("forward: %s", forward.getDescription())
                                      .allSatisfy(
                                          i ->
                                              assertThat(i.getType())
                                                  .isEqualTo(
                                                      SchemaCompatibility.SchemaIncompatibilityType
                                                          .MISSING_UNION_BRANCH));
                                }
                              }));
            })
        .toList();
  }

  @Test
  void anIncompatibleChangeIsDetected() {
    Schema released = ReleasedSchemas.of("io.promoflow.schemas.builds.BuildsEnvelope").get(0);
    // A new required field without default breaks backward compatibility: the check must say so.
    Schema broken =
        new Schema.Parser()
            .parse(
                released
                    .toString()
                    .replace(
                        "{\"name\":\"pipelineRunId\",",
                        "{\"name\":\"mandatory\",\"type\":\"string\"},{\"name\":\"pipelineRunId\","));
    assertThat(broken.toString()).contains("mandatory");
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, released).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static Schema currentSchema(Topic<?> topic) {
    try {
      return (Schema) topic.type().getMethod("getClassSchema").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
