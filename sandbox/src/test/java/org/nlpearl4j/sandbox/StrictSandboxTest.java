package org.nlpearl4j.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared set-up for tests that each run against a fresh strict-contract sandbox through an OkHttp
 * client: starts both before each test and closes both after it, first failing the test on any
 * contract violation the sandbox recorded unless {@link #checksContractAfterEach()} says not to.
 */
abstract class StrictSandboxTest {
  NlPearlSandbox sandbox;
  Http http;

  @BeforeEach
  final void startStrictSandbox() {
    sandbox = NlPearlSandbox.builder().strictContract(true).start();
    http = new Http(sandbox.baseUrl());
  }

  @AfterEach
  final void stopStrictSandbox() {
    try {
      if (checksContractAfterEach()) {
        sandbox.assertNoContractViolations();
      }
    } finally {
      http.close();
      sandbox.close();
    }
  }

  /** False for tests that provoke contract violations on purpose and assert them themselves. */
  boolean checksContractAfterEach() {
    return true;
  }
}
