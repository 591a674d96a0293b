package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.spec.NlPearlSpec;
import org.yaml.snakeyaml.Yaml;

class FieldCoverageTest {
  private static FieldCoverage.RealFacade facade;

  @BeforeAll
  static void start() throws IOException {
    facade = new FieldCoverage.RealFacade();
  }

  @AfterAll
  static void stop() {
    facade.close();
  }

  static String notExposedText() throws IOException {
    try (InputStream in = FieldCoverageTest.class.getClassLoader()
        .getResourceAsStream(FieldCoverage.NOT_EXPOSED_RESOURCE)) {
      assertThat(in).as(FieldCoverage.NOT_EXPOSED_FILE + " on the test classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, Object> shippedSpec() {
    return new Yaml().load(NlPearlSpec.yaml());
  }

  @Test
  void everyFieldOfTheExposedOperationsReachesUsersOrIsListedAsNotExposed() throws Exception {
    List<String> problems = FieldCoverage.check(shippedSpec(), facade, notExposedText());

    assertThat(problems)
        .as("the facade against the spec's fields:\n  %s", String.join("\n  ", problems))
        .isEmpty();
  }

  @Test
  void printCoverage() throws Exception {
    FieldCoverage.analyse(shippedSpec(), facade, notExposedText()).mappedBy()
        .forEach((k, v) -> System.out.println("COVER " + k + " -> " + v));
  }
}
