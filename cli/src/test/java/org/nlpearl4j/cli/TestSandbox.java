package org.nlpearl4j.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * A sandbox for one test, with a token of its own whose secret must never be printed.
 *
 * <p>As a field registered with {@code @RegisterExtension}, it starts with the test instance and
 * is closed after the test, which fails when the sandbox saw a contract violation:
 *
 * <pre>{@code @RegisterExtension final TestSandbox sandbox = TestSandbox.start();}</pre>
 */
final class TestSandbox implements AutoCloseable, AfterEachCallback {
  static final String ACCOUNT = "5f0c1d2e3a4b5c6d7e8f9012";
  static final String SECRET = "TopSecretKeyForCliTests0123456789";
  static final String TOKEN = ACCOUNT + ":" + SECRET;
  static final String OUTBOUND = "6650d1c3a2b4c5d6e7f80912";

  final NlPearlSandbox sandbox;

  TestSandbox(NlPearlSandbox.Builder builder) {
    this.sandbox = builder.token(TOKEN).start();
  }

  static TestSandbox start() {
    return new TestSandbox(NlPearlSandbox.builder());
  }

  /** Returns a CLI whose environment holds the token, and the --base-url arguments. */
  Cli cli() {
    return Cli.withEnv(Map.of(Credentials.TOKEN_ENV, TOKEN));
  }

  String[] baseUrl() {
    return new String[] {"--base-url", sandbox.baseUrl()};
  }

  /**
   * Returns the arguments that import a CSV file into {@link #OUTBOUND} of this sandbox.
   *
   * @param more further options; String arrays among them are spread
   */
  String[] importArgs(Path csv, Object... more) {
    return Cli.args("leads", "import", csv.toString(), "--outbound", OUTBOUND, baseUrl(),
        Cli.args(more));
  }

  Map<String, SandboxLead> leadsById() {
    return sandbox.leads(OUTBOUND).stream()
        .collect(Collectors.toMap(SandboxLead::getId, lead -> lead));
  }

  long storedLeads() {
    return sandbox.campaigns().contains(OUTBOUND) ? sandbox.leads(OUTBOUND).size() : 0;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    try {
      sandbox.assertNoContractViolations();
    } finally {
      sandbox.close();
    }
  }
}
