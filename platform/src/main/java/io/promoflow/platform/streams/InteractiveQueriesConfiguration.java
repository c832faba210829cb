package io.promoflow.platform.streams;

import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Reads of a service's state stores answered by whichever instance is asked (GitHub issue 14 point
 * 1): this instance advertises its HTTP address to Kafka Streams ({@link AdvertisedServer}), routes
 * each read to the instance that owns the key ({@link StoreQueries}, {@link RemoteStores}) and
 * answers the other instances' reads ({@link InternalStoreController}) behind the internal token
 * ({@link InternalCallSecurity}).
 *
 * <p>Also checks {@code promoflow.instance-id} (default 0): it names this instance in the
 * producers' transactional ids and in the Streams state directory ({@code promoflow-platform.yml}),
 * so it must be a plain name.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InteractiveQueriesProperties.class)
public class InteractiveQueriesConfiguration {

  private static final Logger log = LoggerFactory.getLogger(InteractiveQueriesConfiguration.class);

  /** Letters, digits, dot, dash, underscore: safe in a transactional id and as a directory name. */
  static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public InteractiveQueriesConfiguration(@Value("${promoflow.instance-id:0}") String instanceId) {
    if (!INSTANCE_ID.matcher(instanceId).matches()) {
      throw new IllegalArgumentException(
          "promoflow.instance-id: letters, digits, '.', '-' or '_' (at most 64, not "
              + "starting with a sign) are allowed, was '"
              + instanceId
              + "'");
    }
  }

  @Bean
  RemoteStores remoteStores(InteractiveQueriesProperties properties) {
    if (properties.internalToken() == null) {
      log.warn(
          "promoflow.streams.internal-token is not set: a read whose key another instance of this service owns "
              + "answers 503 (fine for a single instance)");
    }
    return new RemoteStores(properties);
  }

  @Bean
  StoreQueries storeQueries(
      @Lazy StreamsBuilderFactoryBean factory,
      ObjectProvider<StreamsBuilder> builders,
      RemoteStores remote) {
    return new StoreQueries(factory, builders::getIfUnique, remote);
  }

  @Bean
  AdvertisedServer advertisedServer(
      InteractiveQueriesProperties properties,
      ObjectProvider<StreamsBuilderFactoryBean> factories) {
    return new AdvertisedServer(properties, factories);
  }

  @Bean
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  InternalStoreController internalStoreController(StoreQueries stores) {
    return new InternalStoreController(stores);
  }

  /** Ahead of the public chain, which matches every request and so must come last. */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 10)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  SecurityFilterChain promoflowInternalSecurity(
      HttpSecurity http,
      InteractiveQueriesProperties properties,
      @Value("${spring.application.name}") String service)
      throws Exception {
    return InternalCallSecurity.chain(http, properties.internalToken(), service);
  }
}
