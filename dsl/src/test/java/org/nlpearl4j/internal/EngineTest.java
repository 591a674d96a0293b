package org.nlpearl4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Scanner;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.internal.generated.api.OutboundApi;

/**
 * The engine's operation names are the generated service's, and the facade's shipped R8 rules keep
 * nothing: the engine names operations and says which may be re-sent in its own code, so no
 * service method name or class of the facade is read reflectively.
 */
class EngineTest {
  @Test
  void operationNamesAreTheGeneratedServiceMethodNames() {
    assertThat(Arrays.stream(OutboundApi.class.getMethods()).map(Method::getName)
        .collect(Collectors.toList()))
        .contains(Engine.ADD_LEAD, Engine.UPDATE_LEAD);
  }

  @Test
  void theConsumerRulesKeepNothing() throws IOException {
    String rules;
    try (InputStream in = EngineTest.class.getClassLoader()
        .getResourceAsStream("META-INF/proguard/nlpearl4j.pro")) {
      assertThat(in).as("consumer rules in the jar").isNotNull();
      rules = new Scanner(in, StandardCharsets.UTF_8.name()).useDelimiter("\\A").next();
    }

    assertThat(rules.lines().map(String::strip).filter(line -> line.startsWith("-keep")))
        .as("keep rules shipped by the facade").isEmpty();
  }
}
