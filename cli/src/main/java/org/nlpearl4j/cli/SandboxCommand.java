package org.nlpearl4j.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.FaultKind;
import org.nlpearl4j.sandbox.FaultMix;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLauncher;
import org.nlpearl4j.sandbox.SandboxFaultCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

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
          + "the one in --token-file.",
      "With --fault-rate it fails like a real server does, at random but repeatably: some "
          + "requests fail before the lead is stored, others after (a 502 or a dropped connection "
          + "although the lead was stored). Rehearse how your integration tells them apart.",
      "With --rate-limit, --latency and --workers it has the capacity of a real service: beyond "
          + "the rate a quick 429 with Retry-After, every request takes its latency, and beyond "
          + "the workers requests wait in line. By default it answers at once, without limit."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  nlpearl sandbox --port 8080 --token-file sandbox.token",
      "  nlpearl sandbox --port 8080 --simulate-calls   # leads get called, then finish",
      "  # a misbehaving server: 30%% of requests fail, before or after storing the lead",
      "  nlpearl sandbox --port 8080 --fault-rate 0.3 --fault-seed 7",
      "  nlpearl sandbox --fault-rate 0.1 --fault-kinds 502-after,drop-after",
      "  # a service that takes 300 requests/s, answers in 150-170 ms, serves 64 at once:",
      "  nlpearl sandbox --rate-limit 300 --burst 100 --latency 150 --latency-spread 20 --workers 64",
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

  @Option(names = "--fault-rate", paramLabel = "RATE",
      description = "Inject a random fault into this share of requests, from 0 to 1 (e.g. 0.3), "
          + "to rehearse an integration against a misbehaving server. Off by default.")
  @Nullable Double faultRate;

  @Option(names = "--fault-seed", paramLabel = "N",
      description = "Seed of the random faults: the same seed and order of requests give the "
          + "same faults (default: 1).")
  @Nullable Long faultSeed;

  @Option(names = "--fault-kinds", paramLabel = "KIND", split = ",",
      converter = FaultKindConverter.class,
      description = "The faults to draw from, comma-separated (default: all). 'before' fails "
          + "without storing the lead, 'after' stores it and then fails: 429 (Retry-After 1 s, "
          + "before), 500-before, 500-after, 502-before, 502-after, 503-before, 503-after, "
          + "504-before, 504-after, drop-before, drop-after (connection closed without an "
          + "answer), truncated, malformed, empty-200 (stored, answer body cut short, garbled or "
          + "empty), slow (stored, answered after 100 ms).")
  @Nullable List<String> faultKinds;

  @Option(names = "--lookup-lag", paramLabel = "DURATION",
      converter = LookupLagConverter.class,
      description = "A stored lead stays invisible to lookups by external id this long, like an "
          + "eventually consistent server (e.g. 2s, 500ms; default: 0).")
  java.time.@Nullable Duration lookupLag;

  /** Reads --lookup-lag with the sandbox's duration forms. */
  static final class LookupLagConverter implements picocli.CommandLine.ITypeConverter<java.time.Duration> {
    @Override
    public java.time.Duration convert(String value) {
      try {
        return org.nlpearl4j.sandbox.SandboxDuration.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
  @Option(names = "--rate-limit", paramLabel = "N",
      description = "Take at most N requests per second (after a burst): beyond them a quick 429 "
          + "with Retry-After, nothing stored. Off by default.")
  @Nullable Double rateLimit;

  @Option(names = "--burst", paramLabel = "N",
      description = "Requests --rate-limit lets through at once (default: one second's worth).")
  @Nullable Integer burst;

  @Option(names = "--latency", paramLabel = "MS", defaultValue = "0",
      description = "Every request takes at least MS milliseconds (default: ${DEFAULT-VALUE}).")
  long latency;

  @Option(names = "--latency-spread", paramLabel = "MS", defaultValue = "0",
      description = "And up to MS milliseconds more, at random (default: ${DEFAULT-VALUE}).")
  long latencySpread;

  @Option(names = "--workers", paramLabel = "N",
      description = "Serve at most N requests at once; the others wait in line, so their latency "
          + "grows. Unlimited by default.")
  @Nullable Integer workers;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
    }
    FaultMix mix = Faults.mix(this);
    CliContext context = root.context();
    PrintWriter out = context.out();
    NlPearlSandbox.Builder builder = NlPearlSandbox.builder().host(host).port(port);
    Faults.capacity(this, builder);
    if (simulateCalls) {
      builder.simulateCalls(seed);
    }
    if (lookupLag != null) {
      builder.lookupLag(lookupLag);
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
    if (mix != null) {
      sandbox.faults().mix(mix);
    }
    CountDownLatch stop = new CountDownLatch(1);
    Interrupts.Registration registration = context.interrupts().register(stop::countDown);
    try {
      try {
        out.println("NLPearl sandbox listening on " + sandbox.baseUrl()
            + (simulateCalls ? " (simulating calls, seed " + seed + ")" : ""));
        out.println("  " + tokenNote + "; campaigns are created by their first lead");
        if (mix != null) {
          out.println("  faults: " + Faults.describe(mix));
        }
        if (lookupLag != null && !lookupLag.isZero()) {
          out.println("  lookup lag: " + Durations.human(lookupLag) + " (a stored lead is found by "
              + "external id only after that)");
        }
        if (rateLimit != null || latency > 0 || latencySpread > 0 || workers != null) {
          out.println("  capacity: " + sandbox.capacity());
        }
        out.println("  try: nlpearl leads import samples/leads.csv --outbound demo --base-url "
            + sandbox.baseUrl() + (tokenFile != null ? " --token-file " + tokenFile : ""));
        out.println("  Ctrl-C to stop");
        out.flush();
        stop.await();
        out.println("Stopped after " + sandbox.counters().getRequests() + " requests; "
            + sandbox.counters().getLeadsStored() + " leads were stored"
            + (rateLimit != null ? "; " + sandbox.counters().getRateLimited()
                + " were over the rate limit (429)" : ""));
        if (mix != null) {
          SandboxFaultCounts faults = sandbox.faults().injected();
          out.println("  " + faults.getTotal() + " faults injected: " + faults.getBeforeHandling()
              + " before handling (nothing stored), " + faults.getAfterHandling()
              + " after handling (stored, then failed); by kind: " + faults.getByKind());
        }
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

  /**
   * The fault options turned into the sandbox's types. Kept out of the command class's own method
   * signatures: picocli reflects on those for every command line, and no sandbox class is to be
   * loaded unless the sandbox runs.
   */
  private static final class Faults {
    private Faults() {}

    /** Applies --rate-limit, --burst, --latency, --latency-spread and --workers; checks them first. */
    static void capacity(SandboxCommand command, NlPearlSandbox.Builder builder) {
      CommandSpec spec = command.spec;
      Double rate = command.rateLimit;
      Integer burst = command.burst;
      if (rate != null) {
        if (!(rate > 0) || rate.isInfinite()) {
          throw new ParameterException(spec.commandLine(),
              "--rate-limit must be a positive number of requests per second: " + rate);
        }
        int size = burst != null ? burst : SandboxLauncher.defaultBurst(rate);
        if (size < 1) {
          throw new ParameterException(spec.commandLine(), "--burst must be at least 1: " + size);
        }
        builder.rateLimit(rate, size);
      } else if (burst != null) {
        throw new ParameterException(spec.commandLine(), "--burst needs --rate-limit");
      }
      if (command.latency < 0 || command.latencySpread < 0) {
        throw new ParameterException(spec.commandLine(),
            "--latency and --latency-spread must not be negative");
      }
      builder.latency(java.time.Duration.ofMillis(command.latency),
          java.time.Duration.ofMillis(command.latencySpread));
      Integer workers = command.workers;
      if (workers != null) {
        if (workers < 1) {
          throw new ParameterException(spec.commandLine(), "--workers must be at least 1: " + workers);
        }
        builder.workers(workers);
      }
    }

    /** The fault mix the options ask for, or null; checks the options first. */
    static @Nullable FaultMix mix(SandboxCommand command) {
      Double rate = command.faultRate;
      CommandSpec spec = command.spec;
      if (rate == null) {
        if (command.faultSeed != null || command.faultKinds != null) {
          throw new ParameterException(spec.commandLine(),
              (command.faultSeed != null ? "--fault-seed" : "--fault-kinds") + " needs --fault-rate");
        }
        return null;
      }
      if (!(rate >= 0 && rate <= 1)) {
        throw new ParameterException(spec.commandLine(),
            "--fault-rate must be between 0 and 1 (e.g. 0.3 for 30% of requests): " + rate);
      }
      FaultMix.Builder mix = FaultMix.builder().rate(rate)
          .seed(command.faultSeed == null ? 1 : command.faultSeed);
      List<String> labels = command.faultKinds;
      if (labels != null) {
        if (labels.isEmpty()) {
          throw new ParameterException(spec.commandLine(), "--fault-kinds needs at least one kind");
        }
        List<FaultKind> kinds = new ArrayList<>();
        for (String label : labels) {
          kinds.add(FaultKind.fromLabel(label));
        }
        mix.kinds(kinds);
      }
      return mix.build();
    }

    static String describe(FaultMix mix) {
      List<String> labels = new ArrayList<>();
      for (FaultKind kind : mix.getKinds()) {
        labels.add(kind.getLabel());
      }
      return String.format(Locale.ROOT, "%s%% of requests (seed %d), drawn from %s",
          new BigDecimal(Double.toString(mix.getRate() * 100)).stripTrailingZeros().toPlainString(),
          mix.getSeed(),
          mix.getKinds().size() == FaultKind.values().length ? "every kind"
              : String.join(", ", labels));
    }
  }

  /**
   * Checks a fault kind label such as {@code 502-after}, naming the valid ones when it is unknown;
   * the label is kept (as a string, see {@link Faults}).
   */
  static final class FaultKindConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return FaultKind.fromLabel(value).getLabel();
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
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
