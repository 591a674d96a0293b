package org.nlpearl4j.benchmarks.footprint.app;

import org.nlpearl4j.Lead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.SettableLeadStatus;

/**
 * The minimal app on the SDK: add a lead, mark it completed, print the result.
 *
 * <p>It does what {@link StockApp} does, so R8 keeps the same share of each client. Run it as
 * {@code SdkApp BASE_URL TOKEN OUTBOUND_ID PEARL_ID}.
 */
public final class SdkApp {

  private SdkApp() {
  }

  /** Adds a lead, updates it to Completed and returns "leadId status transcriptSize". */
  public static String run(String baseUrl, String token, String outboundId, String pearlId) {
    NlPearl client = NlPearl.builder().token(token).baseUrl(baseUrl).build();
    String leadId = client.outbound(outboundId).addLead(lead -> lead
        .phoneNumber("+14155550123")
        .externalId("crm-42")
        .timeZoneId("Romance Standard Time")
        .callData("email", "joe@example.com")).blockingGet();
    Lead lead = client.pearl(pearlId).updateLead(leadId, update -> update.status(SettableLeadStatus.COMPLETED))
        .blockingGet();
    int transcript = lead.getLastCall() == null ? 0 : lead.getLastCall().getTranscript().size();
    client.close();
    return leadId + " " + lead.getStatusCode() + " " + transcript;
  }

  /** Entry point: {@code BASE_URL TOKEN OUTBOUND_ID PEARL_ID}. */
  public static void main(String[] args) {
    System.out.println(run(args[0], args[1], args[2], args[3]));
  }
}
