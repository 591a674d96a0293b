package org.nlpearl4j.spec.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.nlpearl4j.spec.SpecMerger;

/**
 * Guards the merged spec against the last accepted one: {@code check} prints what changed and
 * fails on a breaking change; {@code accept} makes the merged spec the new baseline.
 *
 * <p>The build runs {@code check} in the {@code verify} phase of api-spec. By hand:
 *
 * <pre>{@code
 * ./mvnw -q -pl api-spec test-compile exec:java@check-spec    # print the report
 * ./mvnw -q -pl api-spec test-compile exec:java@accept-spec   # accept the merged spec
 * }</pre>
 */
public final class SpecBaseline {
  /** The command that accepts the merged spec as the new baseline. */
  public static final String ACCEPT_COMMAND =
      "./mvnw -q -pl api-spec test-compile exec:java@accept-spec";

  /** The command that prints the report without building anything else. */
  public static final String CHECK_COMMAND =
      "./mvnw -q -pl api-spec test-compile exec:java@check-spec";

  /** Where the merged spec lives, relative to the api-spec module directory. */
  public static final String MERGED = "src/main/openapi/nlpearl.yaml";

  /** Where the accepted baseline lives, relative to the api-spec module directory. */
  public static final String BASELINE = "src/main/openapi/baseline/nlpearl.yaml";

  /** Thrown by {@link #check} when the merged spec breaks the accepted baseline. */
  public static final class BreakingChangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SpecChangeReport report;

    BreakingChangeException(String message, SpecChangeReport report) {
      // No stack trace: the build prints this exception, and the message is all there is to read.
      super(message, null, false, false);
      this.report = report;
    }

    /**
     * Returns the report that rated the change breaking.
     *
     * @return the report
     */
    public SpecChangeReport report() {
      return report;
    }
  }

  private SpecBaseline() {}

  /**
   * Runs {@code check} or {@code accept} on an api-spec module directory.
   *
   * @param args {@code check|accept [moduleDir]}
   * @throws IOException if a spec cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || !(args[0].equals("check") || args[0].equals("accept"))) {
      throw new IllegalArgumentException("usage: SpecBaseline check|accept [api-spec directory]");
    }
    Path module = Paths.get(args.length > 1 ? args[1] : ".");
    if (args[0].equals("check")) {
      check(module, System.out);
    } else {
      accept(module, System.out);
    }
  }

  /**
   * Compares the merged spec of a module with its baseline.
   *
   * @param module the api-spec module directory
   * @return the report
   * @throws IOException if a spec cannot be read
   * @throws IllegalStateException if there is no baseline yet
   */
  public static SpecChangeReport compare(Path module) throws IOException {
    Path baseline = module.resolve(BASELINE);
    if (!Files.isRegularFile(baseline)) {
      throw new IllegalStateException("there is no accepted baseline at " + BASELINE
          + "; create it from the merged spec with: " + ACCEPT_COMMAND);
    }
    return SpecChangeReport.compare(read(baseline), read(module.resolve(MERGED)));
  }

  /**
   * Prints the report and fails if the merged spec breaks the baseline.
   *
   * @param module the api-spec module directory
   * @param out where the report goes
   * @return the report, when nothing is breaking
   * @throws IOException if a spec cannot be read
   * @throws BreakingChangeException if a change is breaking; its message lists the breaking
   *     changes and the accept command
   */
  public static SpecChangeReport check(Path module, PrintStream out) throws IOException {
    SpecChangeReport report = compare(module);
    out.print(report.render(BASELINE));
    if (report.hasChanges() && !report.isBreaking()) {
      out.println("These changes are compatible. Record them as the new baseline with: "
          + ACCEPT_COMMAND);
    }
    if (report.isBreaking()) {
      List<String> breaking = report.breakingChanges();
      StringBuilder message = new StringBuilder("The merged NLPearl spec (api-spec/" + MERGED
          + ") breaks the accepted baseline (api-spec/" + BASELINE + "):");
      for (String change : breaking) {
        message.append("\n  ").append(change);
      }
      if (breaking.isEmpty()) {
        message.append("\n  openapi-diff rates the change incompatible; see the report above");
      }
      message.append("\nAdapt generated-client and dsl to it (or fix the pages), then accept the "
          + "new spec with:\n  " + ACCEPT_COMMAND);
      throw new BreakingChangeException(message.toString(), report);
    }
    return report;
  }

  /**
   * Makes the merged spec the new baseline, after printing what that accepts.
   *
   * @param module the api-spec module directory
   * @param out where the report goes
   * @return the report of what was accepted
   * @throws IOException if a spec cannot be read or written
   * @throws IllegalStateException if the merged spec is not what the vendored pages produce
   */
  public static SpecChangeReport accept(Path module, PrintStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    Path merged = module.resolve(MERGED);
    String current = read(merged);
    if (!current.equals(SpecMerger.mergeModule(module))) {
      throw new IllegalStateException("api-spec/" + MERGED + " is out of date with the pages; "
          + "rewrite it first with: " + SpecMerger.REWRITE_COMMAND);
    }
    Path baseline = module.resolve(BASELINE);
    SpecChangeReport report = null;
    if (Files.isRegularFile(baseline)) {
      report = SpecChangeReport.compare(read(baseline), current);
      out.print(report.render(BASELINE));
    }
    Files.createDirectories(baseline.getParent());
    Path temp = Files.createTempFile(baseline.getParent(), ".nlpearl.yaml", ".tmp");
    try {
      Files.write(temp, current.getBytes(StandardCharsets.UTF_8));
      try {
        Files.move(temp, baseline, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, baseline, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    out.println("accepted: api-spec/" + BASELINE + " is now the merged spec; commit it with the "
        + "pages and nlpearl.yaml");
    return report;
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
