package io.promoflow.cli;

import io.promoflow.cli.audit.AuditExport;
import io.promoflow.cli.audit.AuditTopicReader;
import io.promoflow.cli.audit.ChainVerifier;
import io.promoflow.cli.audit.KafkaConnection;
import io.promoflow.schemas.KafkaCredentials;
import io.promoflow.schemas.Topics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promoflow audit verify|export}: straight from Kafka, no Promoflow service needed. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Verify and export the audit trail, reading Kafka directly.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.Replay.class})
public class AuditCommand {

  /** Where the audit topic is. */
  static class Source {

    @Option(
        names = "--bootstrap",
        defaultValue = "${env:PROMOFLOW_KAFKA_BOOTSTRAP:-localhost:9092}",
        description =
            "Kafka bootstrap servers (default ${DEFAULT-VALUE}; env PROMOFLOW_KAFKA_BOOTSTRAP)")
    String bootstrap;

    @Option(names = "--topic", description = "audit topic (default: promoflow.audit.v1)")
    String topic = Topics.AUDIT.name();

    @Option(
        names = "--kafka-user",
        defaultValue = "${env:PROMOFLOW_KAFKA_USERNAME:-promoflow-audit}",
        description =
            "Kafka principal, read-only (default ${DEFAULT-VALUE}; env PROMOFLOW_KAFKA_USERNAME); "
                + "an empty value connects without SASL. Password: env PROMOFLOW_KAFKA_PASSWORD "
                + "(the local stack's: local-promoflow-audit, used when the variable is unset)")
    String user;

    /** The connection: SASL/SCRAM-SHA-512 as {@link #user}, or plaintext when it is empty. */
    KafkaConnection kafka() {
      String password = System.getenv("PROMOFLOW_KAFKA_PASSWORD");
      if (password == null && "promoflow-audit".equals(user)) {
        // the local stack's documented read-only identity (docs/identities.md), like the demo
        // tokens
        password = "local-promoflow-audit";
      }
      return new KafkaConnection(
          bootstrap, KafkaCredentials.of(user, password, KafkaCredentials.SCRAM_SHA_512));
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = "Check every application's hash chain; name the first broken link.")
  static class Verify implements Callable<Integer> {

    @picocli.CommandLine.Mixin Source source = new Source();

    @Spec CommandSpec spec;

    @Option(
        names = "--signatures",
        description = "also verify the signed attestation of every promotion into a stage")
    boolean signatures;

    @Option(
        names = "--public-key",
        description = "PEM public key of the attestations (with --signatures)")
    java.nio.file.Path publicKey;

    @Override
    public Integer call() throws java.io.IOException {
      PrintWriter out = spec.commandLine().getOut();
      List<AuditTopicReader.Read> chain = AuditTopicReader.read(source.kafka(), source.topic);
      ChainVerifier.Report report =
          ChainVerifier.verify(chain.stream().map(AuditTopicReader.Read::entry).toList());
      out.println(
          report.records() + " audit records, " + report.chains() + " application chain(s)");
      boolean ok = report.intact();
      if (ok) {
        out.println("every chain is intact");
      }
      report.breaks().forEach(b -> out.println("BROKEN " + b));
      if (signatures) {
        if (publicKey == null) {
          throw new picocli.CommandLine.ParameterException(
              new picocli.CommandLine(this), "--signatures needs --public-key");
        }
        List<String> bad =
            io.promoflow.cli.audit.AttestationVerifier.verify(
                chain,
                io.promoflow.schemas.PemKeys.readPublic(java.nio.file.Files.readString(publicKey)));
        long promoted =
            chain.stream()
                .filter(
                    r ->
                        r.entry().record() != null
                            && "StagePromoted".equals(r.entry().record().getSubjectEventType()))
                .count();
        out.println((promoted - bad.size()) + " of " + promoted + " promotion attestations verify");
        bad.forEach(b -> out.println("UNVERIFIED " + b));
        ok = ok && bad.isEmpty();
      }
      return ok ? 0 : 1;
    }
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description =
          "Rebuild stage state from the event topics and re-evaluate every recorded "
              + "gate decision with its pinned inputs and policy; report differences.")
  static class Replay implements Callable<Integer> {

    @picocli.CommandLine.Mixin Source source = new Source();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<org.apache.avro.specific.SpecificRecord> events = new java.util.ArrayList<>();
      for (var topic :
          List.of(
              Topics.POLICIES,
              Topics.BUILDS,
              Topics.PROMOTION_REQUESTS,
              Topics.GATE_RESULTS,
              Topics.PROMOTIONS,
              Topics.VERIFICATIONS,
              Topics.ROLLBACKS)) {
        events.addAll(io.promoflow.cli.audit.EventTopicReader.read(source.kafka(), topic));
      }
      io.promoflow.cli.audit.GateReplay.Result result =
          io.promoflow.cli.audit.GateReplay.replay(events);
      out.println(
          events.size()
              + " events replayed; "
              + result.decisions()
              + " gate decisions re-evaluated");
      result
          .stages()
          .forEach(
              (app, ledger) ->
                  ledger
                      .current()
                      .forEach(
                          (stage, slot) ->
                              out.println(
                                  "  "
                                      + app
                                      + " "
                                      + stage
                                      + ": "
                                      + slot.version()
                                      + " ("
                                      + slot.verification()
                                      + ")")));
      if (result.differences().isEmpty()) {
        out.println("every decision reproduced");
        return 0;
      }
      result.differences().forEach(d -> out.println("DIFFERENT " + d));
      return 1;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = "Audit records of promotions with their event timelines.")
  static class Export implements Callable<Integer> {

    @picocli.CommandLine.Mixin Source source = new Source();

    @Spec CommandSpec spec;

    @Option(names = "--application")
    String application;

    @Option(names = "--from", description = "ISO-8601; promotions requested at or after")
    Instant from;

    @Option(names = "--to", description = "ISO-8601; promotions requested before")
    Instant to;

    @Option(names = "--format", defaultValue = "json", description = "json or csv")
    String format;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<Map<String, Object>> promotions =
          AuditExport.promotions(
              AuditTopicReader.read(source.kafka(), source.topic), application, from, to);
      out.print(
          "csv".equals(format)
              ? AuditExport.csv(promotions)
              : Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(promotions) + "\n");
      out.flush();
      return 0;
    }
  }
}
