package org.nlpearl4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.NewLead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nlpearl leads add}: adds one lead and prints its id. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Adds one lead to an outbound campaign and prints the new lead's id on stdout.",
      "The lead is checked before anything is sent (phone number in international form, time zone,"
          + " call data); a bad value exits with status 2 and names the field."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  nlpearl leads add --outbound 6650d1c3a2b4c5d6e7f80912 \\",
      "      --phone \"+1 (415) 555-0123\"",
      "  nlpearl leads add --outbound 6650d1c3a2b4c5d6e7f80912 --phone +33612345678 \\",
      "      --external-id crm-42 --time-zone Europe/Paris \\",
      "      --data name=Camille --data plan=pro",
      "  LEAD=$(nlpearl leads add --outbound \"$OUTBOUND\" --phone +442071234567)",
      "  nlpearl leads add --outbound demo --phone +14155550123 --sandbox   # no account needed"
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:added; the lead id is on stdout",
      "1:the API refused the request, or it was never sent (message on stderr): not added",
      "2:usage error, no credentials and no --sandbox, or invalid lead (the message names the "
          + "field); nothing sent",
      "4:NLPearl may have added the lead (a 5xx, a timeout or a lost connection after sending),"
          + " or added it but its id could not be read: check before adding it again"
    })
final class LeadsAddCommand implements Callable<Integer> {
  @ParentCommand LeadsCommand leads;

  @Option(names = "--outbound", required = true, paramLabel = "ID",
      description = "Id of the outbound campaign.")
  String outboundId;

  @Option(names = "--phone", required = true, paramLabel = "NUMBER",
      description = "Phone number in international form, e.g. +14155550123 or "
          + "\"+44 20 7123 4567\" (spaces, dashes, dots, parentheses are ignored).")
  String phone;

  @Option(names = "--external-id", paramLabel = "ID",
      description = "The lead's id in your CRM.")
  @Nullable String externalId;

  @Option(names = "--time-zone", paramLabel = "ZONE",
      description = "The lead's time zone: an IANA id (Europe/Paris) or a Windows id "
          + "(\"Romance Standard Time\"). Default: the campaign's.")
  @Nullable String timeZone;

  @Option(names = "--data", paramLabel = "KEY=VALUE",
      description = "A call data variable for the Pearl's script; repeat for more.")
  Map<String, String> data = new LinkedHashMap<>();

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    CliContext context = leads.context();
    NewLead.Builder builder = NewLead.builder().phoneNumber(phone).externalId(externalId)
        .callData(data);
    if (timeZone != null) {
      TimeZones.parseOption(timeZone).applyTo(builder::timeZone, builder::timeZoneId);
    }
    return SingleRequest.run(connection, context, builder::build,
        (client, lead) -> client.outbound(outboundId).addLead(lead),
        leadId -> context.out().println(leadId));
  }
}
