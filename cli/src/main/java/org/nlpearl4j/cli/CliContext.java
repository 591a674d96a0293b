package org.nlpearl4j.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.Objects;

/**
 * What a run of {@code nlpearl} sees of the outside world: environment variables, stdout, stderr,
 * whether stderr is a terminal, and how Ctrl-C is delivered.
 *
 * <p>{@link #system()} is the real process; tests build their own to run the CLI in-process:
 *
 * <pre>{@code
 * StringWriter out = new StringWriter();
 * StringWriter err = new StringWriter();
 * CliContext context = CliContext.builder()
 *     .env(Map.of("NLPEARL_API_TOKEN", token))
 *     .out(new PrintWriter(out, true))
 *     .err(new PrintWriter(err, true))
 *     .build();
 * int status = NlPearlCli.commandLine(context).execute("leads", "import", "leads.csv", "--outbound", "o1");
 * }</pre>
 */
public final class CliContext {
  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean terminal;
  private final Interrupts interrupts;
  private final ImportListener importListener;

  private CliContext(Builder builder) {
    this.env = Map.copyOf(builder.env);
    this.out = builder.out;
    this.err = builder.err;
    this.terminal = builder.terminal;
    this.interrupts = builder.interrupts;
    this.importListener = builder.importListener;
  }

  /**
   * Returns the context of this process: {@code System.getenv()}, {@code System.out} and {@code
   * System.err}, a terminal when {@code System.console() != null}, Ctrl-C through a shutdown hook.
   *
   * @return the context
   */
  public static CliContext system() {
    Charset charset = consoleCharset();
    return builder()
        .env(System.getenv())
        .out(writer(System.out, charset))
        .err(writer(System.err, charset))
        .terminal(System.console() != null)
        .interrupts(Interrupts.shutdownHook())
        .build();
  }

  private static PrintWriter writer(PrintStream stream, Charset charset) {
    return new PrintWriter(new OutputStreamWriter(stream, charset), true);
  }

  private static Charset consoleCharset() {
    String encoding = System.getProperty("stdout.encoding");
    try {
      return encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  /**
   * Returns a builder with an empty environment, stdout and stderr discarded, no terminal and
   * Ctrl-C never delivered.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the environment variables. */
  Map<String, String> env() {
    return env;
  }

  /** Returns standard output: results of commands (lead ids, leads, the import summary). */
  PrintWriter out() {
    return out;
  }

  /** Returns standard error: progress, notices and errors. */
  PrintWriter err() {
    return err;
  }

  /** Tells whether stderr is an interactive terminal (progress bar instead of plain lines). */
  boolean terminal() {
    return terminal;
  }

  /** Returns how Ctrl-C reaches a running command. */
  Interrupts interrupts() {
    return interrupts;
  }

  /** Returns the listener told about every row an import finishes. */
  ImportListener importListener() {
    return importListener;
  }

  /** Builds a {@link CliContext}. */
  public static final class Builder {
    private Map<String, String> env = Map.of();
    private PrintWriter out = new PrintWriter(PrintWriter.nullWriter());
    private PrintWriter err = new PrintWriter(PrintWriter.nullWriter());
    private boolean terminal;
    private Interrupts interrupts = Interrupts.none();
    private ImportListener importListener = ImportListener.NONE;

    private Builder() {}

    /**
     * Sets the environment variables the CLI reads ({@code NLPEARL_API_TOKEN}, {@code
     * NLPEARL_BASE_URL}).
     *
     * @param env name to value
     * @return this builder
     */
    public Builder env(Map<String, String> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /**
     * Sets standard output.
     *
     * @param out the writer; use auto-flush
     * @return this builder
     */
    public Builder out(PrintWriter out) {
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    /**
     * Sets standard error.
     *
     * @param err the writer; use auto-flush
     * @return this builder
     */
    public Builder err(PrintWriter err) {
      this.err = Objects.requireNonNull(err, "err");
      return this;
    }

    /**
     * Sets whether stderr is an interactive terminal, which draws a progress bar.
     *
     * @param terminal true for a terminal
     * @return this builder
     */
    public Builder terminal(boolean terminal) {
      this.terminal = terminal;
      return this;
    }

    /**
     * Sets how Ctrl-C is delivered.
     *
     * @param interrupts e.g. {@link Interrupts#shutdownHook()}
     * @return this builder
     */
    public Builder interrupts(Interrupts interrupts) {
      this.interrupts = Objects.requireNonNull(interrupts, "interrupts");
      return this;
    }

    /**
     * Sets a listener told about every row an import finishes, after it is in the results file.
     *
     * @param importListener the listener
     * @return this builder
     */
    public Builder importListener(ImportListener importListener) {
      this.importListener = Objects.requireNonNull(importListener, "importListener");
      return this;
    }

    /**
     * Builds the context.
     *
     * @return the context
     */
    public CliContext build() {
      return new CliContext(this);
    }
  }
}
