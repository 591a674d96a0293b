package org.nlpearl4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs the CLI in-process with captured stdout and stderr, an injected environment and Ctrl-C. */
final class Cli {
  /** What a run printed and returned. */
  static final class Run {
    final int status;
    final String out;
    final String err;

    Run(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }

    /** Returns stdout and stderr together, for assertions about everything printed. */
    String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** Ctrl-C on demand: {@link #fire()} runs every registered handler. */
  static final class ManualInterrupts implements Interrupts {
    private final List<Runnable> handlers = new CopyOnWriteArrayList<>();
    private volatile int registered;

    @Override
    public Registration register(Runnable onInterrupt) {
      handlers.add(onInterrupt);
      registered++;
      return () -> handlers.remove(onInterrupt);
    }

    void fire() {
      handlers.forEach(Runnable::run);
    }

    int registered() {
      return registered;
    }

    boolean active() {
      return !handlers.isEmpty();
    }
  }

  private final Map<String, String> env = new HashMap<>();
  private final ManualInterrupts interrupts = new ManualInterrupts();
  private ImportListener listener = ImportListener.NONE;
  private boolean terminal;

  static Cli withEnv(Map<String, String> env) {
    Cli cli = new Cli();
    cli.env.putAll(env);
    return cli;
  }

  static Cli noCredentials() {
    return new Cli();
  }

  Cli listener(ImportListener listener) {
    this.listener = listener;
    return this;
  }

  Cli terminal(boolean terminal) {
    this.terminal = terminal;
    return this;
  }

  ManualInterrupts interrupts() {
    return interrupts;
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context = CliContext.builder()
        .env(env)
        .out(new PrintWriter(out, true))
        .err(new PrintWriter(err, true))
        .terminal(terminal)
        .interrupts(interrupts)
        .importListener(listener)
        .build();
    int status = NlPearlCli.run(context, args);
    return new Run(status, out.toString(), err.toString());
  }

  static String[] args(Object... parts) {
    List<String> list = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof String[] more) {
        list.addAll(List.of(more));
      } else {
        list.add(String.valueOf(part));
      }
    }
    return list.toArray(new String[0]);
  }
}
