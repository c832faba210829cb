/** Sign-in to the board (token form or OIDC) and the token its calls to the services carry. */
package io.promoflow.console.api.security;
