package org.nlpearl4j.benchmarks.footprint.app;

import okhttp3.OkHttpClient;
import org.nlpearl4j.Lead;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.benchmarks.http.DirectCalls;

/**
 * {@link SdkApp} on the prototype of the suggested fix ({@link DirectCalls}: the SDK's values,
 * mapping and Moshi adapters with RxJava and OkHttp, no Retrofit), to estimate what the fix would
 * save after R8. A lower bound: the prototype has no retries or typed errors.
 */
public final class SdkDirectApp {

  private SdkDirectApp() {
  }

  /** Adds a lead, updates it to Completed and returns "leadId status transcriptSize". */
  public static String run(String baseUrl, String token, String outboundId, String pearlId) {
    OkHttpClient http = new OkHttpClient();
    DirectCalls client = new DirectCalls(http, baseUrl, token);
    String leadId = client.addLead(outboundId, NewLead.builder()
        .phoneNumber("+14155550123")
        .externalId("crm-42")
        .timeZoneId("Romance Standard Time")
        .callData("email", "joe@example.com")
        .build()).blockingGet();
    Lead lead = client.updateLead(pearlId, leadId, LeadUpdate.builder().status(SettableLeadStatus.COMPLETED).build())
        .blockingGet();
    int transcript = lead.getLastCall() == null ? 0 : lead.getLastCall().getTranscript().size();
    http.dispatcher().executorService().shutdown();
    return leadId + " " + lead.getStatusCode() + " " + transcript;
  }

  /** Entry point: {@code BASE_URL TOKEN OUTBOUND_ID PEARL_ID}. */
  public static void main(String[] args) {
    System.out.println(run(args[0], args[1], args[2], args[3]));
  }
}
