package org.example.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.NlPearl;

/** Runs nlpearl4j, resolved through the BOM, against a stand-in for NLPearl made with the JDK alone. */
class LeadPusherTest {
  private static final String TOKEN = "0123456789abcdef01234567:sandboxSecretKey0000000000000000";

  @Test
  void pushesALeadAndReadsTheAnswer() throws Exception {
    AtomicReference<String> received = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/Outbound/campaign-1/Lead", exchange -> {
      received.set(exchange.getRequestMethod() + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = "{\"leadId\":\"lead-1\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try (NlPearl client = NlPearl.builder().token(TOKEN)
        .baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build()) {
      String leadId = new LeadPusher(client).push("campaign-1", "+1 (415) 555-0123", "crm-42");

      assertEquals("lead-1", leadId);
      assertTrue(received.get().startsWith("PUT {"), received.get());
      assertTrue(received.get().contains("\"phoneNumber\":\"+14155550123\""), received.get());
      assertTrue(received.get().contains("\"externalId\":\"crm-42\""), received.get());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void reportsEveryProblemBeforeSending() {
    try (NlPearl client = NlPearl.create(TOKEN)) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> new LeadPusher(client).push(" ", "not a number", " "));
      assertEquals("[outboundId, phoneNumber, externalId]", e.getProblems().keySet().toString());
    }
  }

  @Test
  void buildsALeadWithTheKotlinArtifact() {
    assertEquals("+33123456789", LeadPusher.fromKotlinDsl("+33 1 23 45 67 89").getPhoneNumber());
  }
}
