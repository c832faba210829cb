package io.promoflow.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code promoflow completion}: the bash/zsh completion script picocli generates from this command
 * tree ({@code source <(./promoflow completion)}).
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = {
      "Print the bash/zsh completion script for promoflow.",
      "Use: source <(./promoflow completion)   (zsh: autoload -U +X bashcompinit && bashcompinit"
          + " first)"
    })
public class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("promoflow", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return PromoflowCli.OK;
  }
}
