package org.nlpearl4j.sandbox.internal;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The three vendored operations. Matching ignores case and a trailing slash, like NLPearl's ASP.NET
 * routing; the contract check separately reports a path spelled differently from the spec.
 */
public final class Routes {
  /** operationId of v1 Add Lead. */
  public static final String ADD_LEAD = "addLead";
  /** operationId of v2 Update Lead. */
  public static final String UPDATE_LEAD = "updateLead";
  /** operationId of v2 Get Lead Via External ID. */
  public static final String LEAD_BY_EXTERNAL_ID = "getLeadViaExternalID";

  private static final Pattern ADD = Pattern.compile("^/v1/outbound/([^/]+)/lead/?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern LOOKUP = Pattern.compile(
      "^/v2/outbound/([^/]+)/lead/external/([^/]+)/?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern UPDATE =
      Pattern.compile("^/v2/outbound/([^/]+)/lead/([^/]+)/?$", Pattern.CASE_INSENSITIVE);

  private Routes() {}

  /** A matched route: the operation and its decoded path parameters. */
  public static final class Match {
    private final String operation;
    private final String campaignId;
    private final @Nullable String leadId;

    Match(String operation, String campaignId, @Nullable String leadId) {
      this.operation = operation;
      this.campaignId = campaignId;
      this.leadId = leadId;
    }

    public String operation() {
      return operation;
    }

    /** The outbound id (v1) or pearl id (v2): the same campaign. */
    public String campaignId() {
      return campaignId;
    }

    /** The lead id (update) or the external id (lookup), decoded. */
    public @Nullable String leadId() {
      return leadId;
    }
  }

  /** The operation at {@code rawPath} whatever the method, or null. */
  public static @Nullable Match match(String rawPath) {
    Matcher add = ADD.matcher(rawPath);
    if (add.matches()) {
      return new Match(ADD_LEAD, decode(add.group(1)), null);
    }
    Matcher lookup = LOOKUP.matcher(rawPath);
    if (lookup.matches()) {
      return new Match(LEAD_BY_EXTERNAL_ID, decode(lookup.group(1)), decode(lookup.group(2)));
    }
    Matcher update = UPDATE.matcher(rawPath);
    if (update.matches()) {
      return new Match(UPDATE_LEAD, decode(update.group(1)), decode(update.group(2)));
    }
    return null;
  }

  /** The method an operation takes: GET for the lookup, PUT for the others. */
  public static String methodOf(String operation) {
    return LEAD_BY_EXTERNAL_ID.equals(operation) ? "GET" : "PUT";
  }

  /** Whether {@code method} is the one the operation takes. */
  public static boolean allows(String operation, String method) {
    return methodOf(operation).equalsIgnoreCase(method);
  }

  static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), "UTF-8");
    } catch (UnsupportedEncodingException | IllegalArgumentException e) {
      return segment;
    }
  }
}
