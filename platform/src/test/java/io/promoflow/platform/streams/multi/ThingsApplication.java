package io.promoflow.platform.streams.multi;

import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.streams.Stores;
import io.promoflow.platform.web.ProblemException;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tiny service on the platform, filled from topic {@value #TOPIC} (key = thing name, value = a
 * note): store {@value #STORE} keyed like its records ({@link Stores#addByRecordKey}: thing name),
 * store {@value #NOTES} keyed unlike them ({@link Stores#add}: {@code note-<name>}, as
 * promotion-service keys promotions by id in a topology fed by application), both read by routes as
 * any service reads its stores. No component scan.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableKafkaStreams
@Import(ThingsApplication.Routes.class)
public class ThingsApplication {

  public static final String TOPIC = "iq-test.things";
  public static final String STORE = "things";
  public static final String NOTES = "notes";

  /** A stored value: not a String, so that it must cross between instances as JSON of its class. */
  public record Thing(String name, String note, int length) {}

  /**
   * The application as its instances are started: the platform's defaults and the local identities.
   */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ThingsApplication.class)
        .profiles("local")
        .properties(
            "spring.application.name=iq-test",
            "spring.config.import=classpath:promoflow-platform.yml");
  }

  @Bean
  KStream<String, String> things(StreamsBuilder builder) {
    Stores.addByRecordKey(builder, STORE, Thing.class);
    Stores.add(builder, NOTES, Thing.class);
    KStream<String, String> in =
        builder.stream(TOPIC, Consumed.with(Serdes.String(), Serdes.String()));
    in.process(
        () ->
            new Processor<String, String, Void, Void>() {
              private KeyValueStore<String, Thing> store;
              private KeyValueStore<String, Thing> notes;

              @Override
              public void init(ProcessorContext<Void, Void> context) {
                store = context.getStateStore(STORE);
                notes = context.getStateStore(NOTES);
              }

              @Override
              public void process(Record<String, String> record) {
                Thing thing = new Thing(record.key(), record.value(), record.value().length());
                store.put(record.key(), thing);
                notes.put("note-" + record.key(), thing);
              }
            },
        STORE,
        NOTES);
    return in;
  }

  @RestController
  static class Routes {

    private final StoreQueries stores;

    Routes(StoreQueries stores) {
      this.stores = stores;
    }

    @GetMapping("/api/v1/things")
    List<Thing> all() {
      return stores.all(STORE);
    }

    @GetMapping("/api/v1/things/{name}")
    Thing one(@PathVariable String name) {
      return stores
          .<Thing>get(STORE, name)
          .orElseThrow(() -> ProblemException.notFound("thing " + name));
    }

    @GetMapping("/api/v1/notes/{id}")
    Thing note(@PathVariable String id) {
      return stores
          .<Thing>get(NOTES, id)
          .orElseThrow(() -> ProblemException.notFound("note " + id));
    }
  }
}
