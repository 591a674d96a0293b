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

/** The operation names the engine relies on are the generated service's, and R8 keeps them. */
class EngineTest {
  @Test
  void operationNamesAreTheGeneratedServiceMethodNames() {
    assertThat(Arrays.stream(OutboundApi.class.getMethods()).map(Method::getName)
        .collect(Collectors.toList()))
        .contains(Engine.ADD_LEAD, Engine.UPDATE_LEAD);
  }

  @Test
  void theConsumerRulesKeepTheServiceMethodNames() throws IOException {
    String rules;
    try (InputStream in = EngineTest.class.getClassLoader()
        .getResourceAsStream("META-INF/proguard/nlpearl4j.pro")) {
      assertThat(in).as("consumer rules in the jar").isNotNull();
      rules = new Scanner(in, StandardCharsets.UTF_8.name()).useDelimiter("\\A").next();
    }

    assertThat(rules).contains(
        "-keepclassmembernames interface org.nlpearl4j.internal.generated.api.** {");
  }
}
