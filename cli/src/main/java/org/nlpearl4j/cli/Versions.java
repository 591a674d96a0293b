package org.nlpearl4j.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the version of the CLI (from the jar manifest) and of the JVM. */
final class Versions implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = NlPearlCli.class.getPackage().getImplementationVersion();
    return new String[] {
      "nlpearl " + (version == null ? "(development build)" : version),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
