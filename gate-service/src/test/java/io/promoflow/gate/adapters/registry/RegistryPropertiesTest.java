package io.promoflow.gate.adapters.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code promoflow.registries.<host>}: hosts with dots and ports, defaults, no secret in logs. */
class RegistryPropertiesTest {

  @Test
  void hostsWithDotsAndPortsBindAndUnlistedHostsAreAnonymous() {
    MapConfigurationPropertySource source =
        new MapConfigurationPropertySource(
            Map.of(
                "promoflow.registries[registry.example.com].token", "t0ken",
                "promoflow.registries[localhost:5000].username", "ci",
                "promoflow.registries[localhost:5000].password", "s3cret",
                "promoflow.registries[localhost:5000].plain-http", "true",
                "promoflow.registries[localhost:5000].timeout", "2s"));
    RegistryProperties p = new Binder(source).bind("promoflow", RegistryProperties.class).get();
    assertThat(p.host("registry.example.com").orElseThrow().bearer()).isTrue();
    assertThat(p.host("registry.example.com").orElseThrow().timeout())
        .isEqualTo(Duration.ofSeconds(10));
    RegistryProperties.Host local = p.host("localhost:5000").orElseThrow();
    assertThat(local.basic()).isTrue();
    assertThat(local.plainHttp()).isTrue();
    assertThat(local.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(local.toString()).doesNotContain("s3cret");
    assertThat(p.host("ghcr.io")).as("an unlisted registry is not trusted").isEmpty();
  }
}
