/**
 * The demo build's evidence (real Surefire, JaCoCo, CycloneDX, integration and benchmark
 * documents): read by {@code promoflow demo}, the chaos run, the bench and the end-to-end tests.
 * Its own package, depending on nothing of the CLI, because local-stack reads it while the CLI
 * starts local-stack's programs.
 */
package io.promoflow.cli.demo;
