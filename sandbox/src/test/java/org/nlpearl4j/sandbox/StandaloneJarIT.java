package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shaded jar really runs on its own: {@code java -jar ...-standalone.jar --port 0} (run by failsafe after package). */
class StandaloneJarIT {

  @Test
  void theStandaloneJarStartsPrintsItsUrlAndServesLeads() throws Exception {
    Path jar = Paths.get(System.getProperty("sandbox.standalone.jar", "target/missing.jar"));
    assertThat(jar).exists();
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0", "--simulate-calls")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      assertThat(first).as("first line of output").startsWith("NLPearl sandbox listening on http://127.0.0.1:");
      String baseUrl = first.substring(first.lastIndexOf(' ') + 1);
      String token = out.readLine();
      assertThat(token).contains(NlPearlSandbox.DEFAULT_TOKEN);

      Http http = new Http(baseUrl);
      String leadId = http.addLead("standalone", "{\"phoneNumber\":\"+14155550123\"}");
      Http.Reply update = http.put("v2/Outbound/standalone/Lead/" + leadId, "{\"externalId\":\"x\"}");
      assertThat(update.status()).isEqualTo(200);
      assertThat(update.json().get("externalId").asText()).isEqualTo("x");
      assertThat(http.put("v1/Outbound/standalone/Lead", "{}").status()).isEqualTo(400);
      http.close();
    } finally {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
