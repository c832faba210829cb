package io.promoflow.console.api.security;

import java.util.List;

/**
 * Who is signed in to the board, as shown on its pages. The console decides nothing with it: every
 * read and decision goes to the services with the person's token, and they apply the rules.
 *
 * @param user principal name
 * @param roles roles, without {@code ROLE_}
 * @param email e-mail address, or null
 */
public record Person(String user, List<String> roles, String email) {

  public Person {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }
}
