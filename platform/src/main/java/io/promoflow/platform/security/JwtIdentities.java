package io.promoflow.platform.security;

import java.util.Collection;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Turns a verified JWT (signature, expiry and issuer already checked by the decoder) into the
 * caller: refuses a token whose {@code aud} does not name this deployment's audience or that lacks
 * the principal claim (401), takes the roles from the roles claim and the e-mail address from the
 * e-mail claim, else from {@code promoflow.security.identities} (kept as {@link Caller.Identity},
 * read by {@link Caller#email()}).
 */
final class JwtIdentities implements Converter<Jwt, AbstractAuthenticationToken> {

  private final SecurityProperties properties;
  private final JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();

  JwtIdentities(SecurityProperties properties) {
    this.properties = properties;
    roles.setAuthoritiesClaimName(properties.jwt().rolesClaim());
    roles.setAuthorityPrefix("ROLE_");
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    String audience = properties.jwt().audience();
    if (jwt.getAudience() == null || !jwt.getAudience().contains(audience)) {
      throw new InvalidBearerTokenException("the token is not issued for audience " + audience);
    }
    String user = jwt.getClaimAsString(properties.jwt().principalClaim());
    if (user == null || user.isBlank()) {
      throw new InvalidBearerTokenException(
          "the token has no " + properties.jwt().principalClaim() + " claim");
    }
    Collection<GrantedAuthority> authorities = roles.convert(jwt);
    JwtAuthenticationToken authentication = new JwtAuthenticationToken(jwt, authorities, user);
    String email = jwt.getClaimAsString(properties.jwt().emailClaim());
    if (email == null || email.isBlank()) {
      email = properties.identities().get(user);
    }
    authentication.setDetails(new Caller.Identity(email));
    return authentication;
  }
}
