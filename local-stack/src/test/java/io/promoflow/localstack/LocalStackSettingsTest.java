package io.promoflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalStack.Settings#from}: system properties override home, ports and policy, nothing else
 * changes.
 */
class LocalStackSettingsTest {

  static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void withoutPropertiesTheDefaultsHold() {
    assertThat(LocalStack.Settings.from(props())).isEqualTo(LocalStack.Settings.defaults());
  }

  @Test
  void homePortsAndPolicyAreOverridden() {
    LocalStack.Settings s =
        LocalStack.Settings.from(
            props(
                "promoflow.home",
                "target/x",
                "promoflow.kafka-port",
                "19092",
                "promoflow.controller-port",
                "19093",
                "promoflow.ports",
                "0",
                "promoflow.policy",
                "file:p.yaml"));
    assertThat(s.home()).isEqualTo(Path.of("target/x"));
    assertThat(s.kafkaPort()).isEqualTo(19092);
    assertThat(s.controllerPort()).isEqualTo(19093);
    assertThat(s.ports().values()).hasSize(Service.values().length).containsOnly(0);
    assertThat(s.policyLocation()).isEqualTo("file:p.yaml");
  }

  @Test
  void namedPortsOverrideOnlyTheirService() {
    LocalStack.Settings s =
        LocalStack.Settings.from(props("promoflow.ports", "trigger=18081, gate=0"));
    assertThat(s.ports().get(Service.TRIGGER)).isEqualTo(18081);
    assertThat(s.ports().get(Service.GATE)).isZero();
    assertThat(s.ports().get(Service.PROMOTION)).isEqualTo(8083);
  }

  @Test
  void aBadValueNamesTheProperty() {
    assertThatThrownBy(() -> LocalStack.Settings.from(props("promoflow.kafka-port", "x")))
        .hasMessageContaining("promoflow.kafka-port");
    assertThatThrownBy(() -> LocalStack.Settings.from(props("promoflow.ports", "trigger=70000")))
        .hasMessageContaining("promoflow.ports");
    assertThatThrownBy(() -> LocalStack.Settings.from(props("promoflow.ports", "web=1")))
        .hasMessageContaining("no service web");
  }
}
