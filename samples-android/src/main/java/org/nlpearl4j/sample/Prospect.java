package org.nlpearl4j.sample;

import java.time.ZoneId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.NewLead;

/** What the rep typed on the prospect form; empty fields are simply not sent. */
public final class Prospect {
  private final String phone;
  private final String name;
  private final String email;
  private final String externalId;
  private final @Nullable ZoneId zone;

  /**
   * Creates the form's values.
   *
   * @param phone the phone number as typed (the SDK normalises it to E.164)
   * @param name the prospect's name, sent as call data {@code name}
   * @param email the prospect's email, sent as call data {@code email}
   * @param externalId the CRM id, sent as {@code externalId}
   * @param zone the prospect's time zone, sent as its Windows id; null to let NLPearl decide
   */
  public Prospect(String phone, String name, String email, String externalId, @Nullable ZoneId zone) {
    this.phone = Objects.requireNonNull(phone, "phone");
    this.name = Objects.requireNonNull(name, "name").trim();
    this.email = Objects.requireNonNull(email, "email").trim();
    this.externalId = Objects.requireNonNull(externalId, "externalId").trim();
    this.zone = zone;
  }

  /** The phone number as typed. */
  public String getPhone() {
    return phone;
  }

  /** The name, trimmed; empty when not given. */
  public String getName() {
    return name;
  }

  /** The email, trimmed; empty when not given. */
  public String getEmail() {
    return email;
  }

  /** The CRM id, trimmed; empty when not given. */
  public String getExternalId() {
    return externalId;
  }

  /** The prospect's time zone, or null. */
  public @Nullable ZoneId getZone() {
    return zone;
  }

  /**
   * Returns the SDK's request value.
   *
   * @throws org.nlpearl4j.InvalidRequestException naming every field that breaks a rule
   */
  NewLead toNewLead() {
    NewLead.Builder lead = NewLead.builder().phoneNumber(phone);
    if (!externalId.isEmpty()) {
      lead.externalId(externalId);
    }
    if (zone != null) {
      lead.timeZone(zone);
    }
    if (!name.isEmpty()) {
      lead.callData("name", name);
    }
    if (!email.isEmpty()) {
      lead.callData("email", email);
    }
    return lead.build();
  }
}
