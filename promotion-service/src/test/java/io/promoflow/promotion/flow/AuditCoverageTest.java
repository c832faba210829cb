package io.promoflow.promotion.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 point 5: every event type of the contract (the payload union of each topic's envelope)
 * is on the audit chain — its topic read by the audit processor and its type chained — except the
 * explicit allow-list {@link AuditProcessor#NOT_CHAINED}. A new event type fails this test until it
 * is chained or deliberately left out.
 */
class AuditCoverageTest {

  static List<String> payloadTypes(Topic<?> topic) {
    Schema payload =
        org.apache.avro.specific.SpecificData.get()
            .getSchema(topic.type())
            .getField("payload")
            .schema();
    List<Schema> members =
        payload.getType() == Schema.Type.UNION ? payload.getTypes() : List.of(payload);
    return members.stream()
        .filter(s -> s.getType() == Schema.Type.RECORD)
        .map(Schema::getName)
        .toList();
  }

  @Test
  void everyDecisionRelevantEventTypeOnEveryTopicIsChained() {
    Set<String> all = new TreeSet<>();
    List<String> missing = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      List<String> types = payloadTypes(topic);
      assertThat(types).as(topic.name()).isNotEmpty();
      all.addAll(types);
      for (String type : types) {
        if (AuditProcessor.NOT_CHAINED.contains(type)) {
          continue;
        }
        if (!AuditProcessor.chained(type)) {
          missing.add(type + " (" + topic.name() + "): not in AuditProcessor.RELEVANT");
        }
        if (!PromotionTopology.AUDITED.contains(topic)) {
          missing.add(type + " (" + topic.name() + "): topic not read by the audit processor");
        }
      }
    }
    assertThat(missing).as("decision-relevant types left off the audit chain").isEmpty();
    assertThat(all)
        .as("the allow-list names only types that exist")
        .containsAll(AuditProcessor.NOT_CHAINED);
    assertThat(all)
        .contains("PromotionOverridden", "HoldLifted", "PolicyActivated", "ApprovalVoided");
  }
}
