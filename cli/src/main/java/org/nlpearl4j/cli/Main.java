package org.nlpearl4j.cli;

/** The entry point of the runnable jar ({@code java -jar nlpearl.jar leads import ...}). */
public final class Main {
  private Main() {}

  /**
   * Runs {@code nlpearl} with the process's environment and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(NlPearlCli.run(CliContext.system(), args));
  }
}
