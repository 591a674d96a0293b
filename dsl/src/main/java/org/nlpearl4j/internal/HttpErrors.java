package org.nlpearl4j.internal;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.AuthenticationException;
import org.nlpearl4j.BadRequestException;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.NetworkException;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.NotFoundException;
import org.nlpearl4j.RateLimitedException;
import org.nlpearl4j.ServerException;
import org.nlpearl4j.UnexpectedResponseException;
import org.nlpearl4j.ValidationProblem;
import org.nlpearl4j.internal.generated.model.ValidationProblemDetails;

/** Turns HTTP outcomes into the SDK's exceptions. */
public final class HttpErrors {
  /** Response headers that carry a request or trace id, most specific first. */
  private static final String[] REQUEST_ID_HEADERS = {
    "x-request-id", "request-id", "x-correlation-id", "x-trace-id", "traceparent"
  };

  private final Moshi moshi;

  /**
   * Creates the mapper.
   *
   * @param moshi reads {@code ValidationProblemDetails}; its adapter is taken at the first error
   *     body, so that a client whose calls succeed never builds it
   */
  public HttpErrors(Moshi moshi) {
    this.moshi = moshi;
  }

  /**
   * Maps a failed exchange (no response) to a {@link NetworkException}.
   *
   * @param operation the operation
   * @param failure the I/O failure
   * @param sent whether the request reached a connection
   * @return the exception
   */
  public static NetworkException network(String operation, IOException failure, boolean sent) {
    return new NetworkException(operation, failure, !sent, failure instanceof InterruptedIOException);
  }

  /**
   * Maps a failure while reading the body of a 2xx response: the server acted ({@link
   * Delivery#ACCEPTED}), its answer is lost.
   *
   * @param operation the operation
   * @param code the 2xx status that arrived
   * @param failure the I/O failure
   * @return the exception
   */
  public static NetworkException bodyBroken(String operation, int code, IOException failure) {
    return new NetworkException(operation, code, failure, Delivery.ACCEPTED,
        failure instanceof InterruptedIOException);
  }

  /**
   * Maps a non-2xx response to an exception.
   *
   * @param operation the operation
   * @param code the HTTP status
   * @param headers the response headers
   * @param body the start of the body (may be empty)
   * @param receivedAt when the response arrived
   * @return the exception
   */
  public NlPearlException fromStatus(
      String operation, int code, Headers headers, byte[] body, Instant receivedAt) {
    ValidationProblem problem = problem(body);
    String requestId = requestId(problem, headers);
    if (code == 401 || code == 403) {
      return new AuthenticationException(operation, code, requestId, problem);
    }
    if (code == 404) {
      return new NotFoundException(operation, code, requestId, problem);
    }
    if (code == 429) {
      return new RateLimitedException(operation, requestId, problem,
          retryAfter(headers, receivedAt));
    }
    if (code >= 400 && code < 500) {
      return new BadRequestException(operation, code, requestId, problem);
    }
    if (code >= 500 && code < 600) {
      return new ServerException(operation, code, requestId, problem,
          retryAfter(headers, receivedAt));
    }
    return new UnexpectedResponseException(operation, code, requestId,
        "status " + code + " is not one the API documents", null);
  }

  /**
   * Returns the request id of a response: the problem's trace id, else a request-id header.
   *
   * @param problem the decoded problem, or null
   * @param headers the response headers
   * @return the id, or null
   */
  public static @Nullable String requestId(@Nullable ValidationProblem problem, Headers headers) {
    if (problem != null && problem.getTraceId() != null) {
      return problem.getTraceId();
    }
    for (String name : REQUEST_ID_HEADERS) {
      String value = headers.get(name);
      if (value != null && !value.trim().isEmpty()) {
        return value.trim();
      }
    }
    return null;
  }

  private static @Nullable Duration retryAfter(Headers headers, Instant receivedAt) {
    return RetryAfter.parse(headers.get("Retry-After"), headers.get("Date"), receivedAt);
  }

  /**
   * Decodes a problem body; anything that is not a JSON object gives null.
   *
   * @param body the body bytes
   * @return the problem, or null
   */
  public @Nullable ValidationProblem problem(byte[] body) {
    int start = 0;
    while (start < body.length && Character.isWhitespace(body[start])) {
      start++;
    }
    if (start == body.length || body[start] != '{') {
      return null;
    }
    ValidationProblemDetails details;
    try {
      details = moshi.adapter(ValidationProblemDetails.class).fromJson(new Buffer().write(body));
    } catch (IOException | RuntimeException notAProblem) {
      return null;
    }
    if (details == null) {
      return null;
    }
    ValidationProblem.Builder problem = ValidationProblem.builder()
        .type(details.getType())
        .title(details.getTitle())
        .status(details.getStatus())
        .detail(details.getDetail())
        .instance(details.getInstance());
    Object traceId = details.getExtensions().get("traceId");
    if (traceId instanceof String) {
      problem.traceId((String) traceId);
    }
    Map<String, List<String>> errors = details.getErrors();
    if (errors != null) {
      for (Map.Entry<String, List<String>> entry : errors.entrySet()) {
        if (entry.getKey() == null || entry.getValue() == null) {
          continue;
        }
        for (String message : entry.getValue()) {
          if (message != null) {
            problem.error(entry.getKey(), message);
          }
        }
      }
    }
    return problem.build();
  }
}
