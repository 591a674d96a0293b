package org.nlpearl4j.cli;

import io.reactivex.rxjava3.core.Single;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.NlPearlException;

/**
 * How a command that sends one request ({@code leads add}, {@code leads update}) runs: the request
 * value is built and checked before anything is sent, then it is sent, the answer printed, and the
 * outcome turned into the exit status; messages go to stderr without the token's secret.
 */
final class SingleRequest {
  private SingleRequest() {}

  /**
   * Builds the request value, sends it and prints the answer.
   *
   * @param options where to send it and with which credentials
   * @param build builds and checks the value; an invalid value is a usage error, nothing is sent
   * @param send sends the value with the configured client
   * @param print prints the answer on stdout
   * @return {@link ExitCodes#OK}, {@link ExitCodes#USAGE} (invalid request) or {@link
   *     ExitCodes#FAILED} (the API refused or failed it)
   */
  static <V, R> int run(ConnectionOptions options, CliContext context, Supplier<V> build,
      BiFunction<NlPearl, V, Single<R>> send, Consumer<R> print) {
    V value;
    try {
      value = build.get();
    } catch (InvalidRequestException e) {
      context.err().println("nlpearl: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    try (Connection connection = Connection.open(options, context, 1)) {
      try {
        print.accept(send.apply(connection.client(), value).blockingGet());
        return ExitCodes.OK;
      } catch (InvalidRequestException e) {
        context.err().println("nlpearl: " + connection.redactor().redact(e.getMessage()));
        return ExitCodes.USAGE;
      } catch (NlPearlException e) {
        context.err().println("nlpearl: " + connection.redactor().redact(e.getMessage()));
        return ExitCodes.FAILED;
      }
    }
  }
}
