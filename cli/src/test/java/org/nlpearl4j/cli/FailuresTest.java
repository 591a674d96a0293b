package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlpearl4j.AuthenticationException;
import org.nlpearl4j.BadRequestException;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.NetworkException;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.NotFoundException;
import org.nlpearl4j.RateLimitedException;
import org.nlpearl4j.ServerException;
import org.nlpearl4j.UnexpectedResponseException;

/** Every SDK failure becomes the outcome its delivery implies and the SDK's reason, in words. */
class FailuresTest {
  private static final Redactor NO_SECRET = new Redactor(null);

  @TempDir Path dir;

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new InvalidRequestException("addLead", Map.of("phoneNumber",
            List.of("is required"))), Outcome.FAILED, "invalid", "InvalidRequestException"),
        Arguments.of(new BadRequestException("addLead", 400, "req-1", null), Outcome.FAILED,
            "rejected by NLPearl", "BadRequestException"),
        Arguments.of(new BadRequestException("addLead", 409, "req-1", null), Outcome.FAILED,
            "rejected by NLPearl", "BadRequestException"),
        Arguments.of(new AuthenticationException("addLead", 401, null, null), Outcome.FAILED,
            "not authorized", "AuthenticationException"),
        Arguments.of(new NotFoundException("addLead", 404, null, null), Outcome.FAILED,
            "not found", "NotFoundException"),
        Arguments.of(new RateLimitedException("addLead", null, null, Duration.ofSeconds(1)),
            Outcome.FAILED, "rate limited", "RateLimitedException"),
        Arguments.of(new ServerException("addLead", 502, null, null, null), Outcome.UNKNOWN,
            "server error", "ServerException"),
        Arguments.of(new ServerException("addLead", 500, null, null, null), Outcome.UNKNOWN,
            "server error", "ServerException"),
        Arguments.of(new NetworkException("addLead", new ConnectException("refused"), true, false),
            Outcome.FAILED, "network: could not connect", "NetworkException"),
        Arguments.of(new NetworkException("addLead", new IOException("reset"), false, false),
            Outcome.UNKNOWN, "network: connection lost", "NetworkException"),
        Arguments.of(new NetworkException("addLead", new SocketTimeoutException("read"), false,
            true), Outcome.UNKNOWN, "network: timed out", "NetworkException"),
        Arguments.of(new NetworkException("addLead", 200, new IOException("unexpected end"),
            Delivery.ACCEPTED, false), Outcome.ADDED, "network: answer cut short",
            "NetworkException"),
        Arguments.of(new UnexpectedResponseException("addLead", 200, null, "no leadId", null),
            Outcome.ADDED, "unexpected response", "UnexpectedResponseException"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void eachFailureHasTheOutcomeOfItsDeliveryAndAReasonInWords(RuntimeException error,
      Outcome outcome, String reason, String type) {
    Failures.Failure failure = Failures.classify(error, "o1", NO_SECRET);

    assertThat(failure.outcome()).isEqualTo(outcome);
    // The SDK's reason, unchanged; its words are what the summary and the reason column show.
    assertThat(failure.reason()).isSameAs(((NlPearlException) error).getReason());
    assertThat(failure.reason().getDescription()).isEqualTo(reason).doesNotContain("Exception");
    assertThat(ImportResult.of(1, "k", failure).reason()).isEqualTo(reason);
    assertThat(failure.type()).isEqualTo(type);
    assertThat(failure.message()).contains(error.getMessage());
    if (outcome == Outcome.ADDED) {
      assertThat(failure.message()).startsWith("NLPearl accepted the lead but its answer could "
          + "not be read, so its id is unknown");
    }
  }

  @Test
  void everyReasonOfTheSdkReachesTheReasonColumnInItsWords() throws Exception {
    Map<FailureReason, Failures.Failure> seen = new EnumMap<>(FailureReason.class);
    failures().forEach(arguments -> {
      Failures.Failure failure =
          Failures.classify((Throwable) arguments.get()[0], "o1", NO_SECRET);
      seen.put(failure.reason(), failure);
    });
    Failures.Failure cancelled = Failures.cancelled(5);
    Failures.Failure internal = Failures.classify(new IllegalStateException("bug"), "o1", NO_SECRET);
    seen.put(cancelled.reason(), cancelled);
    seen.put(internal.reason(), internal);

    assertThat(seen.keySet()).containsExactlyInAnyOrder(FailureReason.values());
    Path file = dir.resolve("results.csv");
    try (ResultsFile.Writer writer = ResultsFile.Writer.create(file)) {
      long row = 1;
      for (Failures.Failure failure : seen.values()) {
        writer.write(ImportResult.of(row++, "k", failure));
      }
    }
    List<String> lines = Files.readAllLines(file);
    int row = 1;
    for (FailureReason reason : seen.keySet()) {
      assertThat(lines.get(row++).split(",")[3]).isEqualTo(reason.getDescription());
    }
  }

  @Test
  void refusedCredentialsAndAnUnknownCampaignStopTheImport() {
    assertThat(Failures.classify(new AuthenticationException("addLead", 403, null, null), "o1",
        NO_SECRET).abortReason()).startsWith("the API refused the credentials");
    assertThat(Failures.classify(new NotFoundException("addLead", 404, null, null), "o1",
        NO_SECRET).abortReason()).startsWith("outbound campaign 'o1' was not found");
    assertThat(Failures.classify(new ServerException("addLead", 503, null, null, null), "o1",
        NO_SECRET).abortReason()).isNull();
  }

  @Test
  void anythingElseIsABugWhoseOutcomeIsUnknown() {
    Failures.Failure failure = Failures.classify(new IllegalStateException("boom"), "o1",
        NO_SECRET);

    assertThat(failure.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(failure.reason()).isEqualTo(FailureReason.INTERNAL_ERROR);
    assertThat(ImportResult.of(1, "k", failure).reason()).isEqualTo("internal error");
    assertThat(failure.type()).isEqualTo("UnexpectedError");
    assertThat(failure.message()).isEqualTo("java.lang.IllegalStateException: boom");
  }

  @Test
  void aRowStillInFlightAfterTheDrainTimeoutIsUnknown() {
    Failures.Failure failure = Failures.cancelled(60);

    assertThat(failure.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(failure.reason()).isEqualTo(FailureReason.CANCELLED);
    assertThat(ImportResult.of(1, "k", failure).reason()).isEqualTo("cancelled");
    assertThat(failure.type()).isEqualTo("Cancelled");
  }
}
