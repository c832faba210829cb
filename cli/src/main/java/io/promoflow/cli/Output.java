package io.promoflow.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code -o table|json|yaml} of every read command: a table for people, or the service's document
 * unchanged as JSON or YAML for scripts. Output goes to the command line's out writer (stdout).
 */
public class Output {

  /** The formats. */
  public enum Format {
    table,
    json,
    yaml
  }

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table, json or yaml (default: ${DEFAULT-VALUE})")
  Format format = Format.table;

  /** The command's stdout. */
  PrintWriter out() {
    return mixee.commandLine().getOut();
  }

  /** True for {@code -o table}. */
  boolean table() {
    return format == Format.table;
  }

  /** Prints {@code document} in the chosen format; {@code table} renders the table format. */
  void print(JsonNode document, Consumer<PrintWriter> table) {
    PrintWriter out = out();
    switch (format) {
      case table -> table.accept(out);
      case json ->
          out.println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
      case yaml -> out.print(YAML.writeValueAsString(document));
    }
    out.flush();
  }
}
