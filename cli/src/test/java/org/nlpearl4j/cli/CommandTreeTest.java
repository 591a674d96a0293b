package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command tree a run builds: only the branch a lead command or the sandbox needs (picocli reads
 * the annotations of every command it is given), and the whole tree for everything else, so that
 * help, usage and suggestions read the same as with the whole tree.
 */
class CommandTreeTest {
  private static CliContext context() {
    return CliContext.builder().out(new PrintWriter(new StringWriter()))
        .err(new PrintWriter(new StringWriter())).build();
  }

  private static String usage(CommandLine commandLine) {
    StringWriter text = new StringWriter();
    commandLine.usage(new PrintWriter(text));
    return text.toString();
  }

  @Test
  void aLeadCommandGetsOnlyItsBranch() {
    CommandLine tree = NlPearlCli.commandLine(context(), new String[] {"leads", "add", "--help"});

    assertThat(tree.getSubcommands()).containsOnlyKeys("leads");
    assertThat(tree.getSubcommands().get("leads").getSubcommands()).containsOnlyKeys("add");
  }

  @Test
  void theSandboxGetsOnlyItself() {
    CommandLine tree = NlPearlCli.commandLine(context(), new String[] {"sandbox", "--port", "0"});

    assertThat(tree.getSubcommands()).containsOnlyKeys("sandbox");
  }

  @Test
  void everythingElseGetsTheWholeTree() {
    for (String[] args : new String[][] {{}, {"--help"}, {"leads"}, {"leads", "ad"}, {"help"}}) {
      CommandLine tree = NlPearlCli.commandLine(context(), args);

      assertThat(tree.getSubcommands()).containsOnlyKeys("leads", "sandbox", "help");
      assertThat(tree.getSubcommands().get("leads").getSubcommands())
          .containsOnlyKeys("add", "update", "find", "import");
    }
  }

  @Test
  void aBranchReadsTheSameAsInTheWholeTree() {
    for (String command : new String[] {"add", "update", "find", "import"}) {
      CommandLine whole = NlPearlCli.commandLine(context());
      CommandLine branch = NlPearlCli.commandLine(context(), new String[] {"leads", command});

      assertThat(usage(branch.getSubcommands().get("leads").getSubcommands().get(command)))
          .as(command)
          .isEqualTo(usage(whole.getSubcommands().get("leads").getSubcommands().get(command)));
    }
    assertThat(usage(NlPearlCli.commandLine(context(), new String[] {"sandbox"})
        .getSubcommands().get("sandbox")))
        .isEqualTo(usage(NlPearlCli.commandLine(context()).getSubcommands().get("sandbox")));
  }

  @Test
  void aMistypedLeadCommandStillGetsASuggestion() {
    Cli.Run run = Cli.noCredentials().run("leads", "ad", "--outbound", "o");

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("Did you mean: leads add?");
  }
}
