package org.example.crm;

import kotlin.Unit;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.kotlin.LeadScopes;

/** A user's code: pushes one CRM contact to NLPearl with nlpearl4j, and builds one with the Kotlin artifact. */
public final class LeadPusher {
  private final NlPearl client;

  public LeadPusher(NlPearl client) {
    this.client = client;
  }

  public String push(String outboundId, String phone, String crmId) {
    return client.outbound(outboundId)
        .addLead(lead -> lead.phoneNumber(phone).externalId(crmId))
        .blockingGet();
  }

  /** Calls nlpearl4j-kotlin from Java: compiles only if it and kotlin-stdlib resolved. */
  public static NewLead fromKotlinDsl(String phone) {
    return LeadScopes.newLead(scope -> {
      scope.setPhoneNumber(phone);
      return Unit.INSTANCE;
    });
  }
}
