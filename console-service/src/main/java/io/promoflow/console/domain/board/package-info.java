/** The board's view of the services' answers: the matrix rows, ages; the port to the services. */
package io.promoflow.console.domain.board;
