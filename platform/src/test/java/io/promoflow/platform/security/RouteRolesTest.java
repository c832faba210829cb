package io.promoflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * A service whose mutating route declares no roles does not start (it would be open to every
 * token).
 */
class RouteRolesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  static class Mvc {

    @org.springframework.context.annotation.Bean
    static RouteRoles routeRoles(org.springframework.beans.factory.ListableBeanFactory beans) {
      return new RouteRoles(beans);
    }
  }

  @RestController
  static class Forgotten {

    @GetMapping("/api/v1/open")
    String read() {
      return "";
    }

    @PostMapping("/api/v1/forgotten")
    String write() {
      return "";
    }
  }

  @RestController
  @RequiresRole("ci")
  static class Declared {

    @PostMapping("/api/v1/declared")
    String write() {
      return "";
    }

    @PostMapping("/webhooks/signed")
    String webhook() {
      return "";
    }
  }

  final WebApplicationContextRunner runner =
      new WebApplicationContextRunner().withUserConfiguration(Mvc.class);

  @Test
  void aMutatingApiRouteWithoutRolesStopsTheService() {
    runner
        .withUserConfiguration(Forgotten.class, Declared.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasMessageContaining("must declare their roles")
                  .hasMessageContaining("/api/v1/forgotten")
                  .hasMessageNotContaining("/api/v1/open")
                  .hasMessageNotContaining("/api/v1/declared");
            });
  }

  @Test
  void rolesOnTheClassCoverItsRoutes() {
    runner.withUserConfiguration(Declared.class).run(context -> assertThat(context).hasNotFailed());
  }
}
