package org.nlpearl4j.internal.generated.shrinking;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.nlpearl4j.internal.generated.api.OutboundApi;
import org.nlpearl4j.internal.generated.model.CollectedInfoView;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.nlpearl4j.internal.generated.model.LeadToUpdateApi;
import org.nlpearl4j.internal.generated.model.ValidationProblemDetails;
import org.nlpearl4j.internal.generated.support.ApiMoshi;
import org.nlpearl4j.internal.generated.support.ApiRetrofit;
import org.nlpearl4j.internal.generated.support.BearerTokenInterceptor;
import retrofit2.HttpException;

/**
 * An "application" that uses the client the way the dsl does. R8ShrinkingIT runs it twice: as
 * compiled, and after R8 has shrunk and obfuscated it together with this library and its
 * dependencies; both runs must report the same thing. Kept free of lambdas and nested classes so
 * that it is one class file.
 */
public final class ShrunkClientScenario {
  private ShrunkClientScenario() {
  }

  /**
   * Adds a lead, updates one (decoding a complete LeadApiView), then reads a 400's problem details.
   *
   * @param baseUrl the MockWebServer, which answers the three calls in that order
   * @return one line per observed value
   * @throws IOException when the problem details cannot be read
   */
  public static String run(String baseUrl) throws IOException {
    OkHttpClient client = new OkHttpClient.Builder()
        .addInterceptor(new BearerTokenInterceptor("acct-7f3a:sk_live_5ecret"))
        .build();
    OutboundApi api = ApiRetrofit.outboundApi(HttpUrl.get(baseUrl), client);
    List<String> seen = new ArrayList<>();
    try {
      LeadToAddApi newLead = new LeadToAddApi().phoneNumber("+14155550123").putCallDataItem("email", "joe@example.com");
      seen.add("leadId=" + api.addLead("outbound 42", newLead).blockingGet().getLeadId());

      LeadApiView lead = api.updateLead("pearl-7", "lead 1", new LeadToUpdateApi().status(130)).blockingGet();
      seen.add("status=" + lead.getStatus());
      seen.add("created=" + lead.getCreated());
      seen.add("callData=" + lead.getCallData());
      seen.add("collectedData=" + lead.getCollectedData());
      seen.add("lastCall.startTime=" + lead.getLastCall().getStartTime());
      seen.add("lastCall.tags=" + lead.getLastCall().getTags());
      seen.add("transcript[1].content=" + lead.getLastCall().getCollectedData().getTranscript().get(1).getContent());
      seen.add("transcript[0].endTime=" + lead.getLastCall().getCollectedData().getTranscript().get(0).getEndTime());
      for (CollectedInfoView info : lead.getLastCall().getCollectedData().getCollectedInfos()) {
        seen.add("info " + info.getId() + "=" + info.getValue());
      }

      try {
        api.addLead("outbound 42", new LeadToAddApi().phoneNumber("+1")).blockingGet();
        seen.add("400 expected");
      } catch (HttpException e) {
        Moshi moshi = ApiMoshi.create();
        ResponseBody body = e.response().errorBody();
        ValidationProblemDetails problem = moshi.adapter(ValidationProblemDetails.class).fromJson(body.source());
        seen.add("problem.errors=" + problem.getErrors());
        seen.add("problem.extensions=" + problem.getExtensions());
        seen.add("problem.json=" + moshi.adapter(ValidationProblemDetails.class).toJson(problem));
      }
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
    return String.join("\n", seen);
  }
}
