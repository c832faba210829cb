package io.promoflow.platform.security;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's web security without Kafka: a service with a read, a mutating route for {@code
 * ci}, a route for the policy's approvers and a read for {@code ci} only. No component scan (the
 * platform configures itself); tests start it with the platform defaults ({@code
 * spring.config.import=classpath:promoflow-platform.yml}), the local policy and {@code
 * spring.kafka.admin.auto-create=false} (no broker).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SecuredApplication.Routes.class)
class SecuredApplication {

  /** Bodies the mutating routes have read: stays 0 when the role check refuses first. */
  static final AtomicInteger BODIES_READ = new AtomicInteger();

  @RestController
  static class Routes {

    /** The caller as the platform sees it. */
    @GetMapping("/api/v1/things")
    Map<String, Object> whoAmI() {
      Caller caller = Caller.current();
      return Map.of(
          "user", caller.user(), "roles", caller.roles(), "email", String.valueOf(caller.email()));
    }

    @RequiresRole("ci")
    @PostMapping("/api/v1/things")
    Map<String, Object> create(@RequestBody Map<String, Object> body) {
      BODIES_READ.incrementAndGet();
      return Map.of("user", Caller.current().user());
    }

    @RequiresRole(approvers = true)
    @PostMapping("/api/v1/things/{id}/decisions")
    Map<String, Object> decide(@RequestBody Map<String, Object> body) {
      BODIES_READ.incrementAndGet();
      return Map.of("user", Caller.current().user());
    }

    /**
     * Open to any token: the literal {@code /secret} below is more specific and keeps its roles.
     */
    @GetMapping("/api/v1/things/{id}")
    String thing() {
      return "thing";
    }

    @RequiresRole({"ci", "admin"})
    @GetMapping("/api/v1/things/secret")
    String secret() {
      return "secret";
    }
  }
}
