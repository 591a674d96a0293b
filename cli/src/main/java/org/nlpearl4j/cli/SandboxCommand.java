package org.nlpearl4j.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nlpearl sandbox}: runs the sandbox server in the foreground until Ctrl-C. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Runs an NLPearl sandbox server in the foreground until Ctrl-C: Add Lead and Update Lead "
          + "backed by memory, every request checked against the API spec.",
      "Campaigns are created by the first lead added to them. It accepts the documented sandbox "
          + "token (account " + NlPearlSandbox.DEFAULT_ACCOUNT_ID + ", see the sandbox README) or "
          + "the one in --token-file."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  nlpearl sandbox --port 8080 --token-file sandbox.token",
      "  nlpearl sandbox --port 8080 --simulate-calls   # leads get called, then finish",
      "  # in another terminal, with the token file the first example wrote:",
      "  nlpearl leads import samples/leads.csv --outbound demo \\",
      "      --base-url http://127.0.0.1:8080 --token-file sandbox.token"
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "  2:usage error, e.g. the port is taken",
      "130:stopped with Ctrl-C (the only way it stops)"
    })
final class SandboxCommand implements Callable<Integer> {
  @ParentCommand NlPearlCli root;

  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 to reach it from a "
          + "phone or another machine).")
  String host;

  @Option(names = "--simulate-calls",
      description = "Simulate a call for every lead added: queued, on call, then a final status "
          + "with a transcript, as the real service would report them.")
  boolean simulateCalls;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the call simulation: the same seed and requests give the same "
          + "outcomes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Accept the token AccountId:SecretKey in this file instead of the sandbox "
          + "token. If the file does not exist, the sandbox token is written to it, for the "
          + "client's --token-file.")
  java.nio.file.@Nullable Path tokenFile;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
    }
    CliContext context = root.context();
    PrintWriter out = context.out();
    NlPearlSandbox.Builder builder = NlPearlSandbox.builder().host(host).port(port);
    if (simulateCalls) {
      builder.simulateCalls(seed);
    }
    String tokenNote = "it accepts the sandbox token (account " + NlPearlSandbox.DEFAULT_ACCOUNT_ID
        + ")";
    if (tokenFile != null) {
      if (java.nio.file.Files.exists(tokenFile)) {
        Credentials credentials = Credentials.find(tokenFile, context.env());
        builder.token(java.util.Objects.requireNonNull(credentials).token());
        tokenNote = "it accepts the token in " + tokenFile + " (account "
            + credentials.accountId() + ")";
      } else {
        writeSandboxToken(tokenFile);
        tokenNote = "it accepts the sandbox token, written to " + tokenFile;
      }
    }
    NlPearlSandbox sandbox;
    try {
      sandbox = builder.start();
    } catch (UncheckedIOException e) {
      throw new UsageException("cannot listen on " + host + ":" + port + " ("
          + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
          + "); pick another --port, or 0 for any free port", e);
    }
    CountDownLatch stop = new CountDownLatch(1);
    Interrupts.Registration registration = context.interrupts().register(stop::countDown);
    try {
      try {
        out.println("NLPearl sandbox listening on " + sandbox.baseUrl()
            + (simulateCalls ? " (simulating calls, seed " + seed + ")" : ""));
        out.println("  " + tokenNote + "; campaigns are created by their first lead");
        out.println("  try: nlpearl leads import samples/leads.csv --outbound demo --base-url "
            + sandbox.baseUrl() + (tokenFile != null ? " --token-file " + tokenFile : ""));
        out.println("  Ctrl-C to stop");
        out.flush();
        stop.await();
        out.println("Stopped after " + sandbox.counters().getRequests() + " requests; "
            + sandbox.counters().getLeadsStored() + " leads were stored");
        out.flush();
      } finally {
        sandbox.close();
      }
    } finally {
      registration.close();
    }
    // Stopped by Ctrl-C, which is the only way it stops: the status a shell gives SIGINT.
    return ExitCodes.INTERRUPTED;
  }

  private static void writeSandboxToken(java.nio.file.Path file) {
    try {
      java.nio.file.Files.writeString(file, NlPearlSandbox.DEFAULT_TOKEN + "\n",
          java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
    } catch (java.io.IOException e) {
      throw new UsageException("--token-file " + file + ": cannot write the sandbox token to it ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }
}
