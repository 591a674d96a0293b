package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.nlpearl4j.internal.generated.TestSupport.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.reactivex.rxjava3.core.Single;
import java.util.Arrays;
import java.util.Collections;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.nlpearl4j.internal.generated.model.LeadToAddResponseApi;
import org.nlpearl4j.internal.generated.model.ValidationProblemDetails;
import org.nlpearl4j.internal.generated.support.ApiMoshi;
import retrofit2.HttpException;

/** ASP.NET's 400 body: the errors map and the members the schema does not declare survive. */
class ValidationProblemDetailsTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  private final Moshi moshi = ApiMoshi.create();
  private final JsonAdapter<ValidationProblemDetails> adapter = moshi.adapter(ValidationProblemDetails.class);

  @Test
  void aBadRequestBodyDecodesWithItsErrorsAndExtensionMembers() throws Exception {
    server.enqueue(json(400, TestSupport.fixture("validation-problem-details.json")));

    Single<LeadToAddResponseApi> call =
        TestSupport.outboundApi(server).addLead("o-1", new LeadToAddApi().phoneNumber("+1"));
    HttpException failure = catchThrowableOfType(HttpException.class, call::blockingGet);
    assertThat(failure.code()).isEqualTo(400);
    ResponseBody errorBody = failure.response().errorBody();
    ValidationProblemDetails problem = adapter.fromJson(errorBody.source());

    assertThat(problem.getType()).isEqualTo("https://tools.ietf.org/html/rfc9110#section-15.5.1");
    assertThat(problem.getTitle()).isEqualTo("One or more validation errors occurred.");
    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getDetail()).isNull();
    assertThat(problem.getInstance()).isNull();
    assertThat(problem.getErrors()).containsExactly(
        entry("PhoneNumber", Collections.singletonList("The PhoneNumber field is required.")),
        entry("CallData.email", Arrays.asList("The field email must be a string.", "The field email is too long.")));
    assertThat(problem.getExtensions()).containsExactly(
        entry("traceId", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"),
        entry("retryable", false),
        entry("hint", null));
  }

  @Test
  void encodingWritesTheExtensionMembersBack() throws Exception {
    String original = TestSupport.fixture("validation-problem-details.json");
    ValidationProblemDetails problem = adapter.fromJson(original);

    String encoded = adapter.toJson(problem);

    JsonAdapter<Object> tree = moshi.adapter(Object.class);
    assertThat(tree.fromJson(encoded)).isEqualTo(tree.fromJson(original));
    assertThat(adapter.fromJson(encoded)).isEqualTo(problem);
  }

  @Test
  void anExtensionNamedLikeADeclaredPropertyIsNotWrittenTwice() {
    ValidationProblemDetails problem = new ValidationProblemDetails()
        .title("Declared")
        .putExtension("title", "Shadow")
        .putExtension("traceId", "t-1");

    assertThat(adapter.toJson(problem)).isEqualTo("{\"title\":\"Declared\",\"traceId\":\"t-1\"}");
  }
}
