package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.TestSupport.leadIdResponse;
import static org.nlpearl4j.TestSupport.leadResponse;

import io.reactivex.rxjava3.observers.TestObserver;
import java.util.Collections;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ids given by the user ({@code outboundId}, {@code pearlId}, {@code leadId}) must be plausible
 * before anything is sent: not blank, at most 256 characters, no whitespace, control or invisible
 * formatting characters. (Ids returned by NLPearl get the same check; see {@link DeliveryTest}.)
 */
class IdRulesTest {
  private static final String LENGTH = "must be at most 256 characters";
  private static final String CHARACTERS =
      "must not contain whitespace, control or invisible formatting characters";

  @StartStop final MockWebServer server = new MockWebServer();
  private final TestSupport.VirtualTime time = new TestSupport.VirtualTime();

  private NlPearl client() {
    return TestSupport.client(server, time).build();
  }

  private static String repeat(char c, int times) {
    return String.join("", Collections.nCopies(times, String.valueOf(c)));
  }

  static Stream<Arguments> implausibleIds() {
    return Stream.of(
        Arguments.of("empty", "", "must not be blank"),
        Arguments.of("blank", " \t", "must not be blank"),
        Arguments.of("257 characters", repeat('a', 257), LENGTH),
        Arguments.of("5 MiB", repeat('a', 5 * 1024 * 1024), LENGTH),
        Arguments.of("a trailing space", "abc ", CHARACTERS),
        Arguments.of("an inner space", "a c", CHARACTERS),
        Arguments.of("a no-break space", "a\u00a0c", CHARACTERS),
        Arguments.of("a newline", "abc\n", CHARACTERS),
        Arguments.of("a carriage return", "ab\rc", CHARACTERS),
        Arguments.of("a NUL", "ab\u0000c", CHARACTERS),
        Arguments.of("a DEL", "ab\u007fc", CHARACTERS),
        Arguments.of("a C1 control", "ab\u0085c", CHARACTERS),
        Arguments.of("a zero-width space", "ab\u200bc", CHARACTERS),
        Arguments.of("a byte order mark", "\ufeffabc", CHARACTERS),
        Arguments.of("an unpaired surrogate", "ab\ud800c", CHARACTERS),
        Arguments.of("a dot segment", "..", "must not be \".\" or \"..\""));
  }

  @ParameterizedTest(name = "outboundId: {0}")
  @MethodSource("implausibleIds")
  void anImplausibleOutboundIdIsRefusedBeforeSending(String name, String id, String rule) {
    TestObserver<String> observer = client().outbound(id)
        .addLead(lead -> lead.phoneNumber("+14155550123")).test();

    InvalidRequestException error = refused(observer);
    assertThat(error.getProblems()).containsOnlyKeys("outboundId");
    assertThat(error.getProblems().get("outboundId")).containsExactly(rule);
    assertThat(error.getMessage()).contains("outboundId: " + rule).hasSizeLessThan(500);
  }

  @ParameterizedTest(name = "pearlId and leadId: {0}")
  @MethodSource("implausibleIds")
  void implausiblePearlAndLeadIdsAreRefusedBeforeSending(String name, String id, String rule) {
    TestObserver<Lead> observer = client().pearl(id)
        .updateLead(id, u -> u.status(SettableLeadStatus.COMPLETED)).test();

    InvalidRequestException error = refused(observer);
    assertThat(error.getProblems()).containsOnlyKeys("pearlId", "leadId");
    assertThat(error.getProblems().get("pearlId")).containsExactly(rule);
    assertThat(error.getProblems().get("leadId")).containsExactly(rule);
  }

  @Test
  void theValueOverloadsCheckIdsToo() {
    NewLead lead = NewLead.builder().phoneNumber("+14155550123").build();
    LeadUpdate update = LeadUpdate.builder().externalId("crm-1").build();

    InvalidRequestException add = refused(client().outbound("out\n1").addLead(lead).test());
    InvalidRequestException change = refused(client().pearl("pearl-1")
        .updateLead(repeat('x', 300), update).test());

    assertThat(add.getProblems().get("outboundId")).containsExactly(CHARACTERS);
    assertThat(change.getProblems()).containsOnlyKeys("leadId");
    assertThat(change.getProblems().get("leadId")).containsExactly(LENGTH);
  }

  @Test
  void idsUpToTheLimitWithAnyPrintableCharacterAreSent() throws Exception {
    String longest = repeat('a', 256);
    String printable = "Lead_42-é/ü?#%~";
    server.enqueue(leadIdResponse(longest));
    server.enqueue(leadResponse(printable, 100));

    String leadId = client().outbound(longest)
        .addLead(lead -> lead.phoneNumber("+14155550123")).blockingGet();
    Lead lead = client().pearl("pearl-1")
        .updateLead(printable, u -> u.externalId("crm-1")).blockingGet();

    assertThat(leadId).isEqualTo(longest);
    assertThat(lead.getId()).isEqualTo(printable);
    assertThat(TestSupport.take(server).getUrl().encodedPath())
        .isEqualTo("/v1/Outbound/" + longest + "/Lead");
    assertThat(TestSupport.take(server).getUrl().encodedPath())
        .isEqualTo("/v2/Outbound/pearl-1/Lead/Lead_42-%C3%A9%2F%C3%BC%3F%23%25~");
  }

  private InvalidRequestException refused(TestObserver<?> observer) {
    observer.assertNoValues();
    Throwable error = TestSupport.errorOf(observer);
    assertThat(error).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) error).getDelivery()).isEqualTo(Delivery.NEVER_SENT);
    assertThat(server.getRequestCount()).as("nothing sent").isZero();
    return (InvalidRequestException) error;
  }
}
