package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store as the source of truth: counts and lookups by campaign, phone number, external id and id. */
class StoreQueriesTest {
  private NlPearlSandbox sandbox;
  private Http http;

  @BeforeEach
  void start() {
    sandbox = NlPearlSandbox.builder().start();
    http = new Http(sandbox.baseUrl());
  }

  @AfterEach
  void stop() {
    sandbox.assertNoContractViolations();
    http.close();
    sandbox.close();
  }

  @Test
  void countsAndGroupsLeadsPerCampaignPhoneNumberAndExternalId() throws IOException {
    String a1 = http.addLead("a", "{\"phoneNumber\":\"+14155550001\",\"externalId\":\"row-1\"}");
    String a2 = http.addLead("a", "{\"phoneNumber\":\"+14155550001\",\"externalId\":\"row-2\"}");
    String a3 = http.addLead("a", "{\"phoneNumber\":\"+14155550002\",\"externalId\":\"row-1\"}");
    String a4 = http.addLead("a", "{\"phoneNumber\":\"+14155550003\"}");
    String b1 = http.addLead("b", "{\"phoneNumber\":\"+14155550001\",\"externalId\":\"row-1\"}");

    assertThat(sandbox.leadCount()).isEqualTo(5);
    assertThat(sandbox.leadCount("a")).isEqualTo(4);
    assertThat(sandbox.leadCount("b")).isEqualTo(1);
    assertThat(sandbox.leadCount("unknown")).isZero();

    assertThat(sandbox.leadsWithPhoneNumber("a", "+14155550001")).extracting(SandboxLead::getId).containsExactly(a1, a2);
    assertThat(sandbox.leadsWithPhoneNumber("b", "+14155550001")).extracting(SandboxLead::getId).containsExactly(b1);
    assertThat(sandbox.leadsWithPhoneNumber("a", "+14155559999")).isEmpty();
    assertThat(sandbox.leadsWithExternalId("a", "row-1")).extracting(SandboxLead::getId).containsExactly(a1, a3);
    assertThat(sandbox.leadsWithExternalId("unknown", "row-1")).isEmpty();

    Map<String, List<SandboxLead>> byPhone = sandbox.leadsByPhoneNumber("a");
    assertThat(byPhone.keySet()).containsExactly("+14155550001", "+14155550002", "+14155550003");
    assertThat(byPhone.get("+14155550001")).hasSize(2);
    Map<String, List<SandboxLead>> byExternalId = sandbox.leadsByExternalId("a");
    assertThat(byExternalId.keySet()).containsExactly("row-1", "row-2");   // a4 has no external id
    assertThat(byExternalId.get("row-2")).extracting(SandboxLead::getId).containsExactly(a2);

    assertThat(sandbox.lead(b1)).map(SandboxLead::getCampaignId).contains("b");
    assertThat(sandbox.lead(a4)).map(SandboxLead::getPhoneNumber).contains("+14155550003");
    assertThat(sandbox.lead("0123456789abcdef01234567")).isEmpty();
  }

  @Test
  void anUpdatedExternalIdMovesTheLeadToItsNewGroup() throws IOException {
    String leadId = http.addLead("a", "{\"phoneNumber\":\"+14155550001\",\"externalId\":\"old\"}");

    assertThat(http.put("v2/Outbound/a/Lead/" + leadId, "{\"externalId\":\"new\"}").status()).isEqualTo(200);

    assertThat(sandbox.leadsWithExternalId("a", "old")).isEmpty();
    assertThat(sandbox.leadsWithExternalId("a", "new")).extracting(SandboxLead::getId).containsExactly(leadId);
    assertThat(sandbox.leadCount("a")).isEqualTo(1);
  }
}
