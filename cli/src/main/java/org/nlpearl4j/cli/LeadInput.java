package org.nlpearl4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.NewLead;

/**
 * One CSV row made into a lead: either a valid {@link NewLead} ready to send, or the reason it is
 * invalid (every broken rule, by column).
 *
 * @param row the 1-based row number
 * @param key how the results file names the row: its external id, else its phone number as typed
 * @param lead the lead to send, or null when the row is invalid
 * @param invalid the problems, or null when the row is valid
 */
record LeadInput(long row, String key, @Nullable NewLead lead, @Nullable InvalidRequestException invalid) {
  static final String OPERATION = "addLead";

  /** Makes a row into a lead; never throws for bad cell values. */
  static LeadInput of(LeadCsv.Header header, LeadCsv.CsvRow row) {
    String phone = row.cell(header.phoneNumber());
    String externalRaw = row.cell(header.externalId());
    String external = externalRaw.strip();
    String key = keyOf(header, row);

    Map<String, List<String>> problems = new LinkedHashMap<>();
    NewLead.Builder builder = NewLead.builder();
    if (!phone.isBlank()) {
      builder.phoneNumber(phone);
    }
    if (!externalRaw.isEmpty()) {
      // A cell of only spaces is passed on as is: the facade reports it as blank.
      builder.externalId(external.isEmpty() ? externalRaw : external);
    }
    String zoneId = row.cell(header.timeZoneId()).strip();
    String zone = row.cell(header.timeZone()).strip();
    if (!zoneId.isEmpty() && !zone.isEmpty()) {
      add(problems, LeadCsv.TIME_ZONE, "give " + LeadCsv.TIME_ZONE + " or " + LeadCsv.TIME_ZONE_ID
          + ", not both");
    } else if (!zoneId.isEmpty() || !zone.isEmpty()) {
      // Either column takes either form: an IANA id is mapped to its Windows id.
      String column = zoneId.isEmpty() ? LeadCsv.TIME_ZONE : LeadCsv.TIME_ZONE_ID;
      try {
        TimeZones.parse(zoneId.isEmpty() ? zone : zoneId)
            .applyTo(builder::timeZone, builder::timeZoneId);
      } catch (IllegalArgumentException e) {
        add(problems, column, e.getMessage());
      }
    }
    for (int column : header.callDataColumns()) {
      String value = row.cell(column);
      if (!value.isEmpty()) {
        builder.callData(header.names().get(column), value);
      }
    }
    int columns = header.names().size();
    for (int i = columns; i < row.cells().size(); i++) {
      if (!row.cells().get(i).isBlank()) {
        add(problems, "$", "the row has " + row.cells().size() + " cells but the header names "
            + columns + " columns");
        break;
      }
    }

    NewLead lead = null;
    try {
      lead = builder.build();
    } catch (InvalidRequestException e) {
      Map<String, List<String>> merged = new LinkedHashMap<>();
      e.getProblems().forEach((field, rules) -> merged.put(field, new ArrayList<>(rules)));
      problems.forEach((field, rules) -> merged.computeIfAbsent(field, f -> new ArrayList<>())
          .addAll(rules));
      problems = merged;
    }
    if (!problems.isEmpty()) {
      return new LeadInput(row.number(), key, null, new InvalidRequestException(OPERATION, problems));
    }
    return new LeadInput(row.number(), key, lead, null);
  }

  /** Returns the key the results file names a row by: its external id, else its phone number. */
  static String keyOf(LeadCsv.Header header, LeadCsv.CsvRow row) {
    String external = row.cell(header.externalId()).strip();
    return ResultsFile.singleLine(
        !external.isEmpty() ? external : row.cell(header.phoneNumber()).strip());
  }

  private static void add(Map<String, List<String>> problems, String field, String rule) {
    problems.computeIfAbsent(field, f -> new ArrayList<>()).add(rule);
  }
}
