package io.promoflow.console.api.board;

import io.promoflow.console.api.security.Person;
import io.promoflow.console.api.security.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.server.ResponseStatusException;

/** What every board page needs: the person signed in and the token the services are called with. */
final class Pages {

  private Pages() {}

  /**
   * The token of the signed-in person, with {@code person} and {@code now} added to the model.
   *
   * @throws ResponseStatusException 401 when the session holds no token (the board's security lets
   *     no page through without a person; an OIDC session whose access token is gone lands here)
   */
  static String token(SignedIn signedIn, HttpServletRequest request, Model model, Clock clock) {
    Person person = signedIn.person().orElse(null);
    String token = signedIn.token(request).orElse(null);
    if (person == null || token == null) {
      throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "sign in again");
    }
    model.addAttribute("person", person);
    model.addAttribute("now", clock.instant());
    return token;
  }
}
