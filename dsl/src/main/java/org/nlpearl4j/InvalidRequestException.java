package org.nlpearl4j;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The request was not sent because it broke one or more rules; every problem found is reported at
 * once, by JSON field name, in the same shape as the server's {@code ValidationProblemDetails}.
 *
 * <p>Field names are the JSON ones: {@code phoneNumber}, {@code externalId}, {@code timeZoneId},
 * {@code callData} or {@code callData.<key>}, {@code status}, {@code $} (the update as a whole), and
 * {@code outboundId}, {@code pearlId}, {@code leadId} for implausible ids (blank, longer than 256
 * characters, holding whitespace, control or invisible formatting characters, or {@code .} / {@code
 * ..}).
 *
 * <p>Nothing was sent ({@link Delivery#NEVER_SENT}).
 *
 * <pre>{@code
 * } catch (InvalidRequestException e) {
 *   e.getProblems().forEach((field, rules) -> form.markInvalid(field, rules));
 * }
 * }</pre>
 */
public final class InvalidRequestException extends NlPearlException {
  /** The title of the problem built from client-side validation. */
  public static final String TITLE = "One or more validation errors occurred.";

  /** Field name to the rules it broke. */
  private final Map<String, List<String>> problems;

  /**
   * Creates the exception for the problems found.
   *
   * @param operation the operation that was refused, e.g. {@code addLead}
   * @param problems field name to the rules it broke; must not be empty
   */
  public InvalidRequestException(String operation, Map<String, ? extends List<String>> problems) {
    this(operation, ValidationProblem.builder().title(TITLE)
        .errors(Objects.requireNonNull(problems, "problems")).build());
  }

  private InvalidRequestException(String operation, ValidationProblem problem) {
    super(message(operation, problem.getErrors()), operation, 0, null, problem,
        Delivery.NEVER_SENT, FailureReason.INVALID_REQUEST, null);
    this.problems = problem.getErrors();
  }

  private static String message(String operation, Map<String, List<String>> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    StringBuilder message = new StringBuilder(96)
        .append(Objects.requireNonNull(operation, "operation"))
        .append(" request is invalid, nothing was sent: ").append(problems.size())
        .append(problems.size() == 1 ? " invalid field" : " invalid fields");
    appendErrors(message, problems);
    return message.toString();
  }

  /**
   * Returns the problems: JSON field name to the rules it broke.
   *
   * @return an unmodifiable, ordered, non-empty map
   */
  public Map<String, List<String>> getProblems() {
    return problems;
  }
}
