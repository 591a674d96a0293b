package org.nlpearl4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.Lead;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.SettableLeadStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nlpearl leads update}: updates one lead and prints it as the API returns it. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Updates a lead of a Pearl (status, phone number, external id, time zone, call data) and "
          + "prints the lead as the API returns it.",
      "Give at least one change. Only the statuses New, NeedRetry, Success, NotSuccessful and "
          + "Completed can be set by a client."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  nlpearl leads update --pearl 6650d1c3a2b4c5d6e7f80912 \\",
      "      --lead 66a1b2c3d4e5f60718293a4b --status Completed",
      "  nlpearl leads update --pearl 6650d1c3a2b4c5d6e7f80912 \\",
      "      --lead 66a1b2c3d4e5f60718293a4b --phone \"+49 30 1234567\" --data plan=gold"
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:updated; the lead is printed on stdout",
      "1:the API refused the request (e.g. no such lead), or it was never sent: not updated",
      "2:usage error, no credentials and no --sandbox, or invalid update (the message names "
          + "the field); nothing sent",
      "4:NLPearl may have updated the lead (a 5xx, a timeout or a lost connection after the "
          + "retries), or updated it but its answer could not be read"
    })
final class LeadsUpdateCommand implements Callable<Integer> {
  @ParentCommand LeadsCommand leads;

  @Option(names = "--pearl", required = true, paramLabel = "ID",
      description = "Id of the Pearl (the outbound campaign) the lead belongs to.")
  String pearlId;

  @Option(names = "--lead", required = true, paramLabel = "ID", description = "Id of the lead.")
  String leadId;

  @Option(names = "--status", paramLabel = "STATUS", converter = StatusConverter.class,
      description = "New status: New, NeedRetry, Success, NotSuccessful or Completed.")
  @Nullable SettableLeadStatus status;

  @Option(names = "--phone", paramLabel = "NUMBER",
      description = "New phone number, in international form.")
  @Nullable String phone;

  @Option(names = "--external-id", paramLabel = "ID", description = "New external id.")
  @Nullable String externalId;

  @Option(names = "--time-zone", paramLabel = "ZONE",
      description = "New time zone: an IANA id (Europe/Paris) or a Windows id.")
  @Nullable String timeZone;

  @Option(names = "--data", paramLabel = "KEY=VALUE",
      description = "A call data variable to set; repeat for more.")
  Map<String, String> data = new LinkedHashMap<>();

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    CliContext context = leads.context();
    LeadUpdate.Builder builder = LeadUpdate.builder().status(status).externalId(externalId);
    if (phone != null) {
      builder.phoneNumber(phone);
    }
    if (!data.isEmpty()) {
      builder.callData(data);
    }
    if (timeZone != null) {
      TimeZones.parseOption(timeZone).applyTo(builder::timeZone, builder::timeZoneId);
    }
    return SingleRequest.run(connection, context, builder::build,
        (client, update) -> client.pearl(pearlId).updateLead(leadId, update),
        lead -> print(lead, context.out()));
  }

  /** Prints a lead as aligned {@code name  value} lines. */
  static void print(Lead lead, PrintWriter out) {
    line(out, "id", lead.getId());
    line(out, "externalId", lead.getExternalId());
    line(out, "phoneNumber", lead.getPhoneNumber());
    line(out, "status", lead.getStatus().apiName() + " (" + lead.getStatusCode() + ")");
    line(out, "timeZone", lead.getTimeZone());
    line(out, "created", lead.getCreated() == null ? null : lead.getCreated().toString());
    lead.getCallData().forEach((key, value) -> line(out, "callData." + key, value));
  }

  private static void line(PrintWriter out, String name, @Nullable String value) {
    if (value != null) {
      out.printf("%-16s %s%n", name, value);
    }
  }

  /** Reads a settable status by its NLPearl name, ignoring case, spaces and underscores. */
  static final class StatusConverter implements ITypeConverter<SettableLeadStatus> {
    @Override
    public SettableLeadStatus convert(String value) {
      return SettableLeadStatus.fromName(value);
    }
  }
}
