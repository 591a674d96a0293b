package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.internal.generated.TestSupport.json;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import io.reactivex.rxjava3.observers.TestObserver;
import java.io.EOFException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadToUpdateApi;
import java.util.stream.Stream;

/** A broken 200 body fails the Single; no partly filled LeadApiView ever comes out. */
class MalformedResponseTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  static Stream<Arguments> brokenBodies() {
    String complete = TestSupport.fixture("lead-api-view.json");
    return Stream.of(
        Arguments.of("truncated document", complete.substring(0, complete.length() / 2), EOFException.class),
        Arguments.of("empty body", "", EOFException.class),
        Arguments.of("not JSON", "<html>Bad gateway</html>", JsonEncodingException.class),
        Arguments.of("a second document after the first", "{\"id\":\"x\"} {\"id\":\"y\"}", JsonEncodingException.class),
        Arguments.of("top-level null", "null", JsonDataException.class),
        Arguments.of("array instead of object", "[]", JsonDataException.class),
        Arguments.of("string where an integer belongs", "{\"status\":\"Success\"}", JsonDataException.class),
        Arguments.of("fractional integer", "{\"status\":1.5}", JsonDataException.class),
        Arguments.of("object where a string belongs", "{\"id\":{}}", JsonDataException.class),
        Arguments.of("string where a list belongs", "{\"callsId\":\"a,b\"}", JsonDataException.class),
        Arguments.of("not a date-time", "{\"created\":\"yesterday\"}", JsonDataException.class),
        Arguments.of("number where a date-time belongs", "{\"created\":1710408413}", JsonDataException.class),
        Arguments.of("float out of range", "{\"lastCall\":{\"collectedData\":{\"transcript\":[{\"startTime\":1e39}]}}}",
            JsonDataException.class),
        Arguments.of("duplicate key in a map", "{\"callData\":{\"a\":\"1\",\"a\":\"2\"}}", JsonDataException.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenBodies")
  void surfacesAsAnErrorOfTheSingle(String description, String body, Class<? extends Throwable> expected)
      throws Exception {
    server.enqueue(json(200, body));

    TestObserver<LeadApiView> observer =
        TestSupport.outboundApi(server).updateLead("p", "l", new LeadToUpdateApi()).test();

    observer.await(10, TimeUnit.SECONDS);
    observer.assertNoValues();
    observer.assertError(expected);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
