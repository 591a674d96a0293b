package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every exception carries exactly one reason, and its code is stable and tag-safe. */
class FailureReasonTest {
  @Test
  void eachExceptionCarriesItsReason() {
    Map<FailureReason, NlPearlException> examples = Map.ofEntries(
        Map.entry(FailureReason.INVALID_REQUEST, new InvalidRequestException("addLead",
            Map.of("phoneNumber", List.of("must be E.164")))),
        Map.entry(FailureReason.REJECTED, new BadRequestException("addLead", 409, null, null)),
        Map.entry(FailureReason.AUTHENTICATION,
            new AuthenticationException("addLead", 401, null, null)),
        Map.entry(FailureReason.NOT_FOUND, new NotFoundException("addLead", 404, null, null)),
        Map.entry(FailureReason.RATE_LIMITED,
            new RateLimitedException("addLead", null, null, Duration.ofSeconds(1))),
        Map.entry(FailureReason.SERVER_ERROR,
            new ServerException("addLead", 502, null, null, null)),
        Map.entry(FailureReason.NETWORK_BEFORE_SENDING,
            new NetworkException("addLead", new ConnectException("refused"), true, false)),
        Map.entry(FailureReason.NETWORK_AFTER_SENDING,
            new NetworkException("addLead", new IOException("reset"), false, false)),
        Map.entry(FailureReason.TIMEOUT,
            new NetworkException("addLead", new SocketTimeoutException("read"), false, true)),
        Map.entry(FailureReason.ANSWER_CUT_SHORT, new NetworkException("addLead", 200,
            new SocketTimeoutException("body"), Delivery.ACCEPTED, true)),
        Map.entry(FailureReason.BAD_RESPONSE,
            new UnexpectedResponseException("addLead", 200, null, "no leadId", null)));

    examples.forEach((reason, error) -> {
      assertThat(error.getReason()).as(error.getClass().getSimpleName()).isEqualTo(reason);
      assertThat(FailureReason.of(error)).isEqualTo(reason);
    });
    // Only the two reasons no exception can carry are missing.
    assertThat(examples.keySet()).hasSize(FailureReason.values().length - 2)
        .doesNotContain(FailureReason.CANCELLED, FailureReason.INTERNAL_ERROR);
  }

  @Test
  void aConnectTimeoutIsBeforeSendingNotATimeout() {
    NetworkException connectTimeout =
        new NetworkException("addLead", new SocketTimeoutException("connect"), true, true);

    assertThat(connectTimeout.getReason()).isEqualTo(FailureReason.NETWORK_BEFORE_SENDING);
    assertThat(connectTimeout.getDelivery()).isEqualTo(Delivery.NEVER_SENT);
  }

  @Test
  void anythingElseIsAnInternalError() {
    assertThat(FailureReason.of(new IllegalStateException("bug")))
        .isEqualTo(FailureReason.INTERNAL_ERROR);
  }

  @Test
  void codesAreUniqueLowercaseAndReadBack() {
    List<String> codes = Arrays.stream(FailureReason.values()).map(FailureReason::getCode)
        .collect(Collectors.toList());

    assertThat(codes).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z]+(_[a-z]+)*"));
    for (FailureReason reason : FailureReason.values()) {
      assertThat(FailureReason.fromCode(reason.getCode())).isSameAs(reason);
      assertThat(reason.getDescription()).isNotBlank().doesNotContain("_");
    }
    assertThat(Arrays.stream(FailureReason.values()).map(FailureReason::getDescription))
        .doesNotHaveDuplicates();
    assertThatThrownBy(() -> FailureReason.fromCode("RATE_LIMITED"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RATE_LIMITED");
    assertThat(Collections.singleton(FailureReason.RATE_LIMITED.getCode()))
        .containsExactly("rate_limited");
  }
}
