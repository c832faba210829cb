package io.promoflow.platform.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * One service on a real embedded KRaft broker (one partition per topic), on a random HTTP port,
 * with the local policy and the local demo identities; stream state under {@code target/state}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1)
@ActiveProfiles("local")
@TestPropertySource(
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "promoflow.policy.location=file:../config/pipeline-local.yaml",
      "promoflow.kafka.topics.partitions=1",
      "promoflow.state-dir=target/state/${random.uuid}"
    })
public @interface ServiceIntegrationTest {

  /** The service's application class. */
  @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
  Class<?>[] application();

  /** At least {@code spring.config.name=<service>}. */
  @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
  String[] properties();
}
