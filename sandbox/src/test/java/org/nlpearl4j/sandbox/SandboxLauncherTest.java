package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The standalone launcher, started in-process through the same code path as its main. */
class SandboxLauncherTest {

  private static String firstLine(String output) {
    return output.lines().findFirst().orElseThrow();
  }

  @Test
  void startsOnAFreePortPrintsTheBaseUrlAndTheDefaultTokenAndAnswers() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NlPearlSandbox sandbox = SandboxLauncher.launch(new String[] {"--port", "0"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      String output = bytes.toString(StandardCharsets.UTF_8);
      assertThat(firstLine(output)).isEqualTo("NLPearl sandbox listening on " + sandbox.baseUrl());
      assertThat(output).contains(NlPearlSandbox.DEFAULT_TOKEN).contains("curl -i -X PUT " + sandbox.baseUrl());
      assertThat(sandbox.isStrictContract()).isFalse();

      Http http = new Http(sandbox.baseUrl());
      assertThat(http.addLead("demo", "{\"phoneNumber\":\"+14155550123\"}")).matches("[0-9a-f]{24}");
      http.close();
    } finally {
      sandbox.close();
    }
  }

  @Test
  void configuredTokensAreAnnouncedByAccountOnly() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NlPearlSandbox sandbox =
        SandboxLauncher.launch(
            new String[] {"--port", "0", "--token", "acct-7:VerySecret123", "--strict", "--simulate-calls", "--seed", "9", "--step", "0.5"},
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      String output = bytes.toString(StandardCharsets.UTF_8);
      assertThat(output).contains("acct-7").doesNotContain("VerySecret123").doesNotContain(NlPearlSandbox.DEFAULT_TOKEN);
      assertThat(output).contains("strict").contains("seed 9");
      assertThat(sandbox.isStrictContract()).isTrue();
      Http http = new Http(sandbox.baseUrl());
      assertThat(http.put("v1/Outbound/d/Lead", "{\"phoneNumber\":\"+1\"}", "acct-7:VerySecret123").status()).isEqualTo(200);
      assertThat(http.put("v1/Outbound/d/Lead", "{\"phoneNumber\":\"+1\"}").status()).isEqualTo(401);
      http.close();
    } finally {
      sandbox.close();
    }
  }

  @Test
  void helpPrintsUsageAndStartsNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertThat(SandboxLauncher.launch(new String[] {"--help"}, new PrintStream(bytes, true, StandardCharsets.UTF_8))).isNull();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("--port").contains("--simulate-calls").contains("--token");
  }

  @Test
  void badOptionsAreRejectedWithTheReason() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--bogus"}, out)).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--port"}, out)).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--port", "x"}, out)).hasMessageContaining("whole number");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--port", "70000"}, out)).hasMessageContaining("65535");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--token", "nocolon"}, out))
        .hasMessageContaining("AccountId:SecretKey");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--step", "-1"}, out)).hasMessageContaining("positive");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--strict", "--no-contract-check"}, out))
        .hasMessageContaining("--strict");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--fault-rate", "1.2"}, out))
        .hasMessageContaining("--fault-rate must be between 0 and 1");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--fault-rate", "0.2", "--fault-kinds", "502-after,nope"}, out))
        .hasMessageContaining("--fault-kinds")
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--fault-kinds", "502-after"}, out))
        .hasMessageContaining("--fault-kinds needs --fault-rate");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--burst", "3"}, out))
        .hasMessageContaining("--burst needs --rate-limit");
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--workers", "0"}, out))
        .hasMessageContaining("workers must be at least 1");
  }

  @Test
  void capacityOptionsRateLimitTheStandaloneSandbox() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NlPearlSandbox sandbox = SandboxLauncher.launch(
        new String[] {"--port", "0", "--rate-limit", "0.01", "--burst", "1", "--latency", "1",
            "--latency-spread", "2", "--workers", "8"},
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try (Http http = new Http(sandbox.baseUrl())) {
      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(
          "Capacity: 0.01 requests/s (burst 1), latency 1 ms + up to 2 ms, 8 workers");
      assertThat(http.put("v1/Outbound/d/Lead", "{\"phoneNumber\":\"+14155550123\"}").status()).isEqualTo(200);
      Http.Reply limited = http.put("v1/Outbound/d/Lead", "{\"phoneNumber\":\"+14155550124\"}");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isNotNull();
      assertThat(sandbox.counters().getRateLimited()).isEqualTo(1);
      assertThat(sandbox.leadCount("d")).isEqualTo(1);
    } finally {
      sandbox.close();
    }
  }

  @Test
  void faultOptionsSetARandomMixThatStoresLeadsBeforeFailingAfterHandling() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NlPearlSandbox sandbox = SandboxLauncher.launch(
        new String[] {"--port", "0", "--fault-rate", "1", "--fault-seed", "3", "--fault-kinds", "504-after"},
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Faults: FaultMix{rate=1.0, seed=3, kinds=[504-after]");
      assertThat(sandbox.faults().getMix()).contains(
          FaultMix.builder().rate(1).seed(3).kinds(FaultKind.HTTP_504_AFTER).build());
      Http http = new Http(sandbox.baseUrl());
      assertThat(http.put("v1/Outbound/d/Lead", "{\"phoneNumber\":\"+14155550123\"}").status()).isEqualTo(504);
      http.close();
      assertThat(sandbox.leadCount("d")).isEqualTo(1);
    } finally {
      sandbox.close();
    }
  }
}
