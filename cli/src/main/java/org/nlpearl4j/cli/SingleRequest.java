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
   * @return {@link ExitCodes#OK}, {@link ExitCodes#USAGE} (invalid request), {@link
   *     ExitCodes#FAILED} (the API refused it, or it was never sent) or {@link ExitCodes#UNKNOWN}
   *     (NLPearl may have carried it out: a 5xx, a timeout or a lost connection after sending, or
   *     an unreadable answer to a request it accepted)
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
        switch (Failures.outcomeOf(e)) {
          case ADDED:
            context.err().println("nlpearl: NLPearl carried out the request but its answer could "
                + "not be read; do not send it again");
            return ExitCodes.UNKNOWN;
          case UNKNOWN:
            context.err().println("nlpearl: NLPearl may have carried out the request; check before"
                + " sending it again");
            return ExitCodes.UNKNOWN;
          default:
            return ExitCodes.FAILED;
        }
      }
    }
  }
}
