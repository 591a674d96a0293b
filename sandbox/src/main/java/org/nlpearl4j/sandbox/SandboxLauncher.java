package org.nlpearl4j.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.internal.Tokens;

/**
 * Runs a sandbox on its own until Ctrl-C, for curl users, demos and the Android emulator.
 *
 * <pre>
 * java -jar sandbox/target/nlpearl4j-sandbox-0.1.0-SNAPSHOT-standalone.jar --port 8080 --simulate-calls
 * </pre>
 *
 * <p>Options: {@code --port N} (8080; 0 picks a free port), {@code --host ADDRESS} (127.0.0.1),
 * {@code --token AccountId:SecretKey} (repeatable; without it the documented
 * {@link NlPearlSandbox#DEFAULT_TOKEN} is accepted), {@code --simulate-calls}, {@code --seed N}
 * (1), {@code --step SECONDS} (2), {@code --strict} (contract violations answered 500; off here,
 * they are only reported), {@code --no-contract-check}, {@code --fault-rate RATE} (a random
 * {@link FaultMix}, off by default), {@code --fault-seed N} (1), {@code --fault-kinds K1,K2}
 * (every {@link FaultKind} by default), {@code --lookup-lag DURATION} (e.g. {@code 2s}: a stored
 * lead stays invisible to lookups by external id that long; 0 by default), {@code --rate-limit N} (requests per second; beyond them a
 * 429 with {@code Retry-After}; off by default), {@code --burst N} (the rate limit's burst; one
 * second's worth by default), {@code --latency MS} and {@code --latency-spread MS} (0), {@code
 * --workers N} (requests served at once, the others wait in line; unlimited by default), {@code
 * --help}.
 */
public final class SandboxLauncher {
  static final String USAGE =
      "Usage: java -jar nlpearl4j-sandbox-standalone.jar [options]\n"
          + "  --port N                    port to listen on (default 8080, 0 = any free port)\n"
          + "  --host ADDRESS              address to bind (default 127.0.0.1)\n"
          + "  --token AccountId:Secret    accept this bearer token (repeatable; default: the sandbox token)\n"
          + "  --simulate-calls            walk added leads through a simulated call\n"
          + "  --seed N                    seed of the simulation (default 1)\n"
          + "  --step SECONDS              seconds between simulation steps (default 2)\n"
          + "  --strict                    answer contract violations with 500 (default: only report them)\n"
          + "  --no-contract-check         do not check requests and responses against the spec\n"
          + "  --fault-rate RATE           inject a random fault into this share of requests (0 to 1, e.g. 0.3)\n"
          + "  --fault-seed N              seed of the random faults (default 1)\n"
          + "  --fault-kinds K1,K2,...     faults to draw from (default: all): " + String.join(",", FaultKind.labels()) + "\n"
          + "  --lookup-lag DURATION       a stored lead stays invisible to lookups by external id this long (e.g. 2s; default 0)\n"
          + "  --rate-limit N              answer 429 with Retry-After beyond N requests/s (default: no limit)\n"
          + "  --burst N                   requests the rate limit lets through at once (default: N of --rate-limit)\n"
          + "  --latency MS                every request takes at least MS milliseconds (default 0)\n"
          + "  --latency-spread MS         and up to MS more, at random (default 0)\n"
          + "  --workers N                 serve N requests at once, queue the others (default: no limit)\n"
          + "  --help                      show this help";

  private SandboxLauncher() {}

  /**
   * Starts a sandbox from command-line options, prints where it listens and a token to use, and
   * serves until the JVM is stopped.
   */
  public static void main(String[] args) throws InterruptedException {
    NlPearlSandbox sandbox;
    try {
      sandbox = launch(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (sandbox == null) {
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    NlPearlSandbox running = sandbox;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping. " + running.counters());
                  running.close();
                  stopped.countDown();
                },
                "nlpearl-sandbox-shutdown"));
    stopped.await();
  }

  /** Parses the options and starts the sandbox; null after {@code --help}. */
  static @Nullable NlPearlSandbox launch(String[] args, PrintStream out) {
    NlPearlSandbox.Builder builder = NlPearlSandbox.builder().port(8080).strictContract(false);
    List<String> accounts = new ArrayList<>();
    boolean simulate = false;
    long seed = 1;
    boolean strict = false;
    boolean check = true;
    Double faultRate = null;
    Long faultSeed = null;
    List<FaultKind> faultKinds = null;
    Double rateLimit = null;
    Integer burst = null;
    long latency = 0;
    long latencySpread = 0;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help":
        case "-h":
          out.println(USAGE);
          return null;
        case "--port":
          builder.port(parseInt(arg, value(args, ++i, arg)));
          break;
        case "--host":
          builder.host(value(args, ++i, arg));
          break;
        case "--token":
          String token = value(args, ++i, arg);
          builder.token(token);
          accounts.add(Tokens.accountId(token));
          break;
        case "--simulate-calls":
          simulate = true;
          break;
        case "--seed":
          seed = parseLong(arg, value(args, ++i, arg));
          break;
        case "--step":
          builder.simulationStep(Duration.ofMillis(Math.round(parseDouble(arg, value(args, ++i, arg)) * 1000)));
          break;
        case "--strict":
          strict = true;
          break;
        case "--no-contract-check":
          check = false;
          break;
        case "--fault-rate":
          faultRate = parseRate(arg, value(args, ++i, arg));
          break;
        case "--fault-seed":
          faultSeed = parseLong(arg, value(args, ++i, arg));
          break;
        case "--fault-kinds":
          faultKinds = parseKinds(arg, value(args, ++i, arg));
          break;
        case "--lookup-lag":
          try {
            builder.lookupLag(SandboxDuration.parse(value(args, ++i, arg)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(arg + ": " + e.getMessage(), e);
          }
          break;
        case "--rate-limit":
          rateLimit = parseDouble(arg, value(args, ++i, arg));
          break;
        case "--burst":
          burst = parseInt(arg, value(args, ++i, arg));
          break;
        case "--latency":
          latency = parseLong(arg, value(args, ++i, arg));
          break;
        case "--latency-spread":
          latencySpread = parseLong(arg, value(args, ++i, arg));
          break;
        case "--workers":
          builder.workers(parseInt(arg, value(args, ++i, arg)));
          break;
        default:
          throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (strict && !check) {
      throw new IllegalArgumentException("--strict needs the contract check; drop --no-contract-check");
    }
    FaultMix mix = null;
    if (faultRate != null) {
      FaultMix.Builder mixBuilder = FaultMix.builder().rate(faultRate).seed(faultSeed == null ? 1 : faultSeed);
      if (faultKinds != null) {
        mixBuilder.kinds(faultKinds);
      }
      mix = mixBuilder.build();
    } else if (faultSeed != null || faultKinds != null) {
      throw new IllegalArgumentException((faultSeed != null ? "--fault-seed" : "--fault-kinds") + " needs --fault-rate");
    }
    if (rateLimit != null) {
      builder.rateLimit(rateLimit, burst != null ? burst : defaultBurst(rateLimit));
    } else if (burst != null) {
      throw new IllegalArgumentException("--burst needs --rate-limit");
    }
    builder.latency(Duration.ofMillis(latency), Duration.ofMillis(latencySpread));
    builder.strictContract(strict).contractCheck(check);
    if (simulate) {
      builder.simulateCalls(seed);
    }
    NlPearlSandbox sandbox = builder.build().start();
    if (mix != null) {
      sandbox.faults().mix(mix);
    }
    String base = sandbox.baseUrl();
    out.println("NLPearl sandbox listening on " + base);
    String shownToken;
    if (accounts.isEmpty()) {
      shownToken = NlPearlSandbox.DEFAULT_TOKEN;
      out.println("Token: " + NlPearlSandbox.DEFAULT_TOKEN + "   (the documented sandbox token)");
    } else {
      shownToken = accounts.get(0) + ":<your secret>";
      out.println("Tokens: the configured token(s) of account(s) " + String.join(", ", accounts) + " (secrets not shown)");
    }
    out.println(
        "Try:   curl -i -X PUT " + base + "v1/Outbound/demo/Lead -H 'Authorization: Bearer " + shownToken
            + "' -H 'Content-Type: application/json' -d '{\"phoneNumber\":\"+14155550123\"}'");
    out.println(
        String.format(
            Locale.ROOT,
            "Contract check: %s. Call simulation: %s. Press Ctrl-C to stop.",
            !check ? "off" : strict ? "strict (violations answered 500)" : "on (violations reported, not enforced)",
            simulate ? "on (seed " + seed + ")" : "off"));
    if (mix != null) {
      out.println("Faults: " + mix);
    }
    if (!sandbox.lookupLag().isZero()) {
      out.println("Lookup lag: " + sandbox.lookupLag().toMillis() + " ms (a stored lead is found by"
          + " external id only after that)");
    }
    out.println("Capacity: " + sandbox.capacity());
    out.flush();
    return sandbox;
  }

  /** The burst of a rate limit given without one: one second's worth of requests. */
  public static int defaultBurst(double perSecond) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(perSecond)));
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int parseInt(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number: " + value);
    }
  }

  private static long parseLong(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number: " + value);
    }
  }

  private static double parseRate(String option, String value) {
    double rate;
    try {
      rate = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number between 0 and 1: " + value);
    }
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(option + " must be between 0 and 1: " + value);
    }
    return rate;
  }

  private static List<FaultKind> parseKinds(String option, String value) {
    List<FaultKind> kinds = new ArrayList<>();
    for (String label : value.split(",", -1)) {
      try {
        kinds.add(FaultKind.fromLabel(label));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + ": " + e.getMessage());
      }
    }
    return kinds;
  }

  private static double parseDouble(String option, String value) {
    try {
      double parsed = Double.parseDouble(value);
      if (!(parsed > 0) || Double.isInfinite(parsed)) {
        throw new IllegalArgumentException(option + " needs a positive number: " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number: " + value);
    }
  }
}
