package org.nlpearl4j.cli;

import java.util.concurrent.Callable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.NlPearlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The root of the {@code nlpearl} command tree.
 *
 * <pre>{@code
 * int status = NlPearlCli.commandLine(CliContext.system()).execute(args);
 * }</pre>
 */
@Command(
    name = "nlpearl",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Adds leads to NLPearl outbound campaigns, updates them, and imports whole CSV files of leads"
          + " with a results file, one line per row.",
      "",
      "Credentials come from $" + Credentials.TOKEN_ENV + " or --token-file (AccountId:SecretKey)."
          + " Without them a command refuses to run (status 2) unless --sandbox asks for an"
          + " embedded sandbox, so you can try it all with nothing configured and nothing is sent"
          + " to NLPearl."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  nlpearl leads import samples/leads.csv --outbound demo-outbound --sandbox",
      "  export " + Credentials.TOKEN_ENV + "=AccountId:SecretKey",
      "  nlpearl leads add --outbound 6650d1c3a2b4c5d6e7f80912 --phone +14155550123",
      "  nlpearl sandbox --port 8080"
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      " 0:success: every row added, the lead added or updated",
      " 1:some rows failed (NLPearl did not store them; see the results file), or the API refused"
          + " the request",
      " 2:usage error: bad option, no credentials and no --sandbox, unreadable CSV, invalid lead;"
          + " nothing was sent",
      " 3:import aborted: credentials refused or campaign not found (then --resume)",
      " 4:outcome unknown for some rows or for the request: NLPearl may have acted (see the"
          + " summary)",
      "70:internal error (a bug; please report it with the stack trace)",
      "130:interrupted by Ctrl-C (then --resume)"
    })
public final class NlPearlCli implements Callable<Integer> {
  /** The lead commands by name, in the order help lists them. */
  private static final Map<String, Class<?>> LEAD_COMMANDS = new LinkedHashMap<>();

  static {
    LEAD_COMMANDS.put("add", LeadsAddCommand.class);
    LEAD_COMMANDS.put("update", LeadsUpdateCommand.class);
    LEAD_COMMANDS.put("find", LeadsFindCommand.class);
    LEAD_COMMANDS.put("import", LeadsImportCommand.class);
  }

  private final CliContext context;

  @Spec CommandSpec spec;

  /**
   * Creates the root command for a context.
   *
   * @param context the environment, streams and Ctrl-C delivery to use
   */
  public NlPearlCli(CliContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * Returns a ready {@link CommandLine}: output to the context's streams, errors reported as the
   * exit statuses of {@link ExitCodes}.
   *
   * @param context the environment, streams and Ctrl-C delivery to use
   * @return the command line; call {@code execute(args)}
   */
  public static CommandLine commandLine(CliContext context) {
    return commandLine(context, null);
  }

  /**
   * Returns the command line for these arguments: the whole tree, or, when they name one lead
   * command ({@code leads add ...}) or the sandbox, the root with only that branch. Picocli
   * reads every command's annotations when it builds a tree, which costs a one-shot command more
   * than its own work; help, usage errors and suggestions for mistyped names get the whole tree.
   */
  static CommandLine commandLine(CliContext context, String @Nullable [] arguments) {
    CommandLine commandLine = new CommandLine(new NlPearlCli(context));
    String first = arguments != null && arguments.length > 0 ? arguments[0] : "";
    String second = arguments != null && arguments.length > 1 ? arguments[1] : "";
    if (first.equals("sandbox")) {
      commandLine.addSubcommand(SandboxCommand.class);
    } else if (first.equals("leads") && LEAD_COMMANDS.containsKey(second)) {
      CommandLine leads = new CommandLine(LeadsCommand.class);
      leads.addSubcommand(LEAD_COMMANDS.get(second));
      commandLine.addSubcommand(leads);
    } else {
      CommandLine leads = new CommandLine(LeadsCommand.class);
      for (Class<?> command : LEAD_COMMANDS.values()) {
        leads.addSubcommand(command);
      }
      commandLine.addSubcommand(leads);
      commandLine.addSubcommand(SandboxCommand.class);
      commandLine.addSubcommand(new CommandLine.HelpCommand());
    }
    commandLine.setOut(context.out());
    commandLine.setErr(context.err());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler((error, args) -> {
      CommandLine cmd = error.getCommandLine();
      cmd.getErr().println("nlpearl: " + describe(error, context));
      CommandLine.UnmatchedArgumentException.printSuggestions(error, cmd.getErr());
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
      return ExitCodes.USAGE;
    });
    commandLine.setExecutionExceptionHandler((error, cmd, parseResult) -> {
      if (error instanceof UsageException) {
        cmd.getErr().println("nlpearl: " + error.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.USAGE;
      }
      if (error instanceof NlPearlException) {
        cmd.getErr().println("nlpearl: " + error.getMessage());
        return ExitCodes.FAILED;
      }
      cmd.getErr().println("nlpearl: internal error, please report it:");
      error.printStackTrace(cmd.getErr());
      return ExitCodes.SOFTWARE;
    });
    return commandLine;
  }

  /**
   * Runs a command line and returns its exit status.
   *
   * @param context the environment, streams and Ctrl-C delivery to use
   * @param args the arguments, e.g. {@code leads import leads.csv --outbound o1}
   * @return the exit status, see {@link ExitCodes}
   */
  public static int run(CliContext context, String... args) {
    int status = commandLine(context, args).execute(args);
    context.out().flush();
    context.err().flush();
    return status;
  }

  /**
   * Describes a command-line error without echoing arguments that are not options: a user who
   * types {@code --token AccountId:SecretKey} must not get the secret printed back.
   */
  private static String describe(ParameterException error, CliContext context) {
    String message;
    if (error instanceof CommandLine.UnmatchedArgumentException) {
      List<String> unmatched = ((CommandLine.UnmatchedArgumentException) error).getUnmatched();
      List<String> options = new ArrayList<>();
      for (String argument : unmatched) {
        if (argument.startsWith("-")) {
          int equals = argument.indexOf('=');
          options.add("'" + (equals < 0 ? argument : argument.substring(0, equals + 1) + "...")
              + "'");
        }
      }
      int others = unmatched.size() - options.size();
      message = (options.isEmpty() ? "Unexpected arguments"
          : (options.size() == 1 ? "Unknown option: " : "Unknown options: ")
              + String.join(", ", options))
          + (others == 0 ? "" : (options.isEmpty() ? ": " : " and ") + others + " other argument"
              + (others == 1 ? "" : "s") + " (not shown)");
    } else {
      message = String.valueOf(error.getMessage());
    }
    String token = context.env().get(Credentials.TOKEN_ENV);
    if (token != null && token.indexOf(':') >= 0) {
      message = new Redactor(token.substring(token.indexOf(':') + 1).strip()).redact(message);
    }
    return message;
  }

  /** Returns the context this command tree runs in. */
  CliContext context() {
    return context;
  }

  @Override
  public Integer call() {
    // No subcommand: show what there is, as a usage error.
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

}
