package org.nlpearl4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nlpearl leads}: the lead commands ({@link NlPearlCli} adds them). */
@Command(
    name = "leads",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    usageHelpAutoWidth = true,
    description = "Add, update, find and import leads of outbound campaigns.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  nlpearl leads import leads.csv --outbound 6650d1c3a2b4c5d6e7f80912",
      "  nlpearl leads add --outbound 6650d1c3a2b4c5d6e7f80912 --phone +14155550123",
      "  nlpearl leads update --pearl 6650d1c3a2b4c5d6e7f80912 \\",
      "      --lead 66a1b2c3d4e5f60718293a4b --status Completed",
      "  nlpearl leads find --pearl 6650d1c3a2b4c5d6e7f80912 --external-id crm-42"
    })
final class LeadsCommand implements Callable<Integer> {
  @ParentCommand NlPearlCli root;

  @Spec CommandSpec spec;

  CliContext context() {
    return root.context();
  }

  @Override
  public Integer call() {
    // No subcommand: show what there is, as a usage error.
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

}
