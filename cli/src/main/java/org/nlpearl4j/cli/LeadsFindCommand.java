package org.nlpearl4j.cli;

import java.util.concurrent.Callable;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.Lead;
import org.nlpearl4j.NlPearlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nlpearl leads find}: looks a lead up by its external id and prints it. */
@Command(
    name = "find",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Looks up the lead of a Pearl's campaign that has an external id, and prints it as the API "
          + "returns it: did NLPearl store this lead?",
      "NLPearl documents only 200 and 400 for the lookup; a 404 is taken to mean that there is "
          + "no such lead (an assumption)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  nlpearl leads find --pearl 6650d1c3a2b4c5d6e7f80912 --external-id crm-42",
      "  nlpearl leads find --pearl \"$PEARL\" --external-id crm-42 >/dev/null && echo stored"
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:found; the lead is printed on stdout",
      "1:no lead with that external id",
      "2:usage error, no credentials and no --sandbox, or an invalid id (the message names it); "
          + "nothing sent",
      "4:the lookup failed (credentials refused, 5xx, timeout, ...): whether NLPearl has the "
          + "lead is not known; the message on stderr says why"
    })
final class LeadsFindCommand implements Callable<Integer> {
  @ParentCommand LeadsCommand leads;

  @Option(names = "--pearl", required = true, paramLabel = "ID",
      description = "Id of the Pearl (the outbound campaign) the lead was added to.")
  String pearlId;

  @Option(names = "--external-id", required = true, paramLabel = "ID",
      description = "The lead's external id (its id in your CRM).")
  String externalId;

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    CliContext context = leads.context();
    try (Connection open = Connection.open(connection, context, 1)) {
      try {
        Lead lead = open.client().pearl(pearlId).leadByExternalId(externalId).blockingGet();
        if (lead == null) {
          context.err().println("nlpearl: no lead with external id '" + externalId + "' in Pearl "
              + pearlId + " (NLPearl answered 404)");
          return ExitCodes.FAILED;
        }
        LeadsUpdateCommand.print(lead, context.out());
        return ExitCodes.OK;
      } catch (InvalidRequestException e) {
        context.err().println("nlpearl: " + open.redactor().redact(e.getMessage()));
        return ExitCodes.USAGE;
      } catch (NlPearlException e) {
        context.err().println("nlpearl: " + open.redactor().redact(e.getMessage()));
        context.err().println("nlpearl: the lookup failed: whether NLPearl has the lead is not "
            + "known");
        return ExitCodes.UNKNOWN;
      }
    }
  }
}
