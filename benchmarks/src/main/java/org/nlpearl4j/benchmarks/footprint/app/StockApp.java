package org.nlpearl4j.benchmarks.footprint.app;

import org.nlpearl4j.benchmarks.stock.ApiClient;
import org.nlpearl4j.benchmarks.stock.ApiException;
import org.nlpearl4j.benchmarks.stock.api.OutboundApi;
import org.nlpearl4j.benchmarks.stock.model.LeadApiView;
import org.nlpearl4j.benchmarks.stock.model.LeadToAddApi;
import org.nlpearl4j.benchmarks.stock.model.LeadToAddResponseApi;
import org.nlpearl4j.benchmarks.stock.model.LeadToUpdateApi;

/**
 * The minimal app on the stock generated client: add a lead, mark it completed, print the result.
 *
 * <p>It does what {@link SdkApp} does, so R8 keeps the same share of each client. Run it as
 * {@code StockApp BASE_URL TOKEN OUTBOUND_ID PEARL_ID}.
 */
public final class StockApp {

  private StockApp() {
  }

  /** Adds a lead, updates it to Completed (130) and returns "leadId status transcriptSize". */
  public static String run(String baseUrl, String token, String outboundId, String pearlId) throws ApiException {
    ApiClient apiClient = new ApiClient();
    // The stock client appends "/v1/..." to the base path, so it must not end in '/'.
    apiClient.setBasePath(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    apiClient.setBearerToken(token);
    OutboundApi outbound = new OutboundApi(apiClient);
    LeadToAddResponseApi added = outbound.addLead(outboundId, new LeadToAddApi()
        .phoneNumber("+14155550123")
        .externalId("crm-42")
        .timeZoneId("Romance Standard Time")
        .putCallDataItem("email", "joe@example.com"));
    LeadApiView lead = outbound.updateLead(pearlId, added.getLeadId(), new LeadToUpdateApi().status(130));
    int transcript = lead.getLastCall() == null || lead.getLastCall().getCollectedData() == null
        || lead.getLastCall().getCollectedData().getTranscript() == null
        ? 0 : lead.getLastCall().getCollectedData().getTranscript().size();
    return added.getLeadId() + " " + lead.getStatus() + " " + transcript;
  }

  /** Entry point: {@code BASE_URL TOKEN OUTBOUND_ID PEARL_ID}. */
  public static void main(String[] args) throws ApiException {
    System.out.println(run(args[0], args[1], args[2], args[3]));
  }
}
