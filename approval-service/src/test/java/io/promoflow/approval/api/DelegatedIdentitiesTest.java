package io.promoflow.approval.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.approval.DelegationProperties;
import io.promoflow.platform.security.Caller;
import io.promoflow.platform.security.SecurityProperties;
import io.promoflow.platform.security.SecurityProperties.TokenIdentity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DelegatedIdentitiesTest {

  static final DelegationProperties NO_ROLES = new DelegationProperties(null, "n", Map.of());

  static SecurityProperties tokens(TokenIdentity... tokens) {
    return new SecurityProperties(SecurityProperties.Mode.tokens, List.of(tokens), null, Map.of());
  }

  @Test
  void inModeTokensThePrincipalIsWhatItsConfiguredTokenSays() {
    DelegatedIdentities ids =
        new DelegatedIdentities(
            tokens(
                new TokenIdentity("t-1", "alice", List.of("release-manager"), "alice@x"),
                new TokenIdentity("t-2", "bob", List.of("developer"), null)),
            NO_ROLES);

    assertThat(ids.resolve("alice"))
        .contains(new Caller("alice", Set.of("release-manager"), "alice@x"));
    assertThat(ids.resolve("bob")).contains(new Caller("bob", Set.of("developer"), null));
    assertThat(ids.resolve("carol")).isEmpty();
    assertThat(ids.resolve(" ")).isEmpty();
    assertThat(ids.resolve(null)).isEmpty();
  }

  @Test
  void tokensOfOneUserThatDisagreeResolveToNobody() {
    DelegatedIdentities ids =
        new DelegatedIdentities(
            tokens(
                new TokenIdentity("t-1", "alice", List.of("release-manager"), "alice@x"),
                new TokenIdentity("t-2", "alice", List.of("admin"), "alice@x")),
            NO_ROLES);

    assertThat(ids.resolve("alice")).isEmpty();
  }

  @Test
  void inModeJwtRolesComeFromTheDelegationDirectoryAndTheEmailFromIdentities() {
    SecurityProperties jwt =
        new SecurityProperties(
            SecurityProperties.Mode.jwt,
            List.of(),
            new SecurityProperties.Jwt(null, null, "promoflow", null),
            Map.of("alice", "alice@x"));
    DelegatedIdentities ids =
        new DelegatedIdentities(
            jwt,
            new DelegationProperties(
                null, "n", Map.of("alice", List.of("release-manager"), "bob", List.of())));

    assertThat(ids.resolve("alice"))
        .contains(new Caller("alice", Set.of("release-manager"), "alice@x"));
    assertThat(ids.resolve("bob")).contains(new Caller("bob", Set.of(), null));
    assertThat(ids.resolve("carol")).isEmpty();
  }

  @Test
  void aRoleDirectoryInModeTokensStopsTheService() {
    assertThatThrownBy(
            () ->
                new DelegatedIdentities(
                    tokens(), new DelegationProperties(null, "n", Map.of("a", List.of("x")))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("promoflow.approvals.delegation.roles");
  }

  @Test
  void aShortCredentialIsRefusedAndNeverShown() {
    assertThatThrownBy(() -> new DelegationProperties("short", "n", null))
        .hasMessageContaining("at least 16");
    assertThat(new DelegationProperties("a-long-enough-secret", "n", null).toString())
        .doesNotContain("a-long-enough-secret");
  }
}
