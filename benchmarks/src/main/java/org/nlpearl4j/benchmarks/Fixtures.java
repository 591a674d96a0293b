package org.nlpearl4j.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The payloads every benchmark uses, built deterministically so all clients see the same bytes.
 *
 * <p>{@link #leadApiViewJson()} is a full Update Lead response as NLPearl returns it after a
 * finished call: a transcript of {@value #TRANSCRIPT_MESSAGES} messages, collected infos whose
 * values are strings, numbers, booleans and nulls, call data, collected data, tags and call ids.
 * {@link #newLeadJson()} is the body of an Add Lead request.
 */
public final class Fixtures {

  /** Messages in the fixture transcript. */
  public static final int TRANSCRIPT_MESSAGES = 50;

  /** The outbound campaign every Add Lead benchmark targets. */
  public static final String OUTBOUND_ID = "65f1c2a7e4b0a1b2c3d4e5f6";

  /** The lead's phone number in E.164 form. */
  public static final String PHONE_NUMBER = "+14155550123";

  /** The lead's identifier in the user's CRM. */
  public static final String EXTERNAL_ID = "crm-000042";

  /** A Windows time zone id, as NLPearl expects. */
  public static final String TIME_ZONE_ID = "Pacific Standard Time";

  private static final String[] PEARL_LINES = {
    "Hello, this is Pearl calling from Bright Taxi. Am I speaking with Joe?",
    "Great! I'm calling to confirm your ride to the airport on Friday.",
    "Could you tell me the address where the driver should pick you up?",
    "Thank you. And which terminal are you flying from, \"Orly Sud\" or \"Orly Ouest\"?",
    "Perfect. How many passengers will there be, including you?",
    "Noted: 3 passengers. Will you need room for large suitcases?",
    "Would you prefer to pay by card in the car or in advance by link?",
    "I've sent the payment link by SMS. Is there anything else I can do for you?",
  };

  private static final String[] CLIENT_LINES = {
    "Yes, speaking.",
    "Oh right, yes, I need to be at Orly by noon.",
    "It's 3 Abbey Road, second floor, the door code is 4521.",
    "Orly Ouest, I think. Let me check... yes, Ouest.",
    "Three of us, my wife, my son and me.",
    "Two big suitcases and a stroller — is that OK?",
    "By link please, I'd rather settle it now.",
    "No, that's all, merci beaucoup!",
  };

  private Fixtures() {
  }

  /** Returns the call data of the new lead: the variables the Pearl's script uses. */
  public static Map<String, String> callData() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("firstName", "Joe");
    data.put("email", "joe@example.com");
    data.put("address", "3 Abbey Road UK");
    data.put("carLicense", "90-929-82");
    data.put("pickupTime", "Friday at 12:00");
    return data;
  }

  /** Returns the Add Lead request body: phone number, external id, time zone and call data. */
  public static String newLeadJson() {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"phoneNumber\":").append(quote(PHONE_NUMBER))
        .append(",\"externalId\":").append(quote(EXTERNAL_ID))
        .append(",\"timeZoneId\":").append(quote(TIME_ZONE_ID))
        .append(",\"callData\":");
    appendStringMap(json, callData());
    return json.append('}').toString();
  }

  /** Returns the Add Lead request body as UTF-8 bytes. */
  public static byte[] newLeadJsonBytes() {
    return newLeadJson().getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the full {@code LeadApiView} JSON of a lead after a finished call. */
  public static String leadApiViewJson() {
    StringBuilder json = new StringBuilder(16 * 1024);
    json.append("{\"id\":\"6601a3f5c9e77a2b4d8e1f20\"")
        .append(",\"externalId\":").append(quote(EXTERNAL_ID))
        .append(",\"phoneNumber\":").append(quote(PHONE_NUMBER))
        .append(",\"timeZone\":\"-8\"")
        .append(",\"status\":100")
        .append(",\"created\":\"2025-03-14T09:26:53.5897932Z\"")
        .append(",\"callsId\":[\"6601a40bc9e77a2b4d8e1f31\",\"6602f1e0c9e77a2b4d8e2a07\",")
        .append("\"6603b2c4c9e77a2b4d8e3c55\"]")
        .append(",\"lastCall\":{")
        .append("\"id\":\"6603b2c4c9e77a2b4d8e3c55\"")
        .append(",\"startTime\":\"2025-03-16T14:02:11.0412765Z\"")
        .append(",\"pearlId\":\"65f1c2a7e4b0a1b2c3d4e5f6\"")
        .append(",\"status\":4")
        .append(",\"from\":\"+33159000000\"")
        .append(",\"name\":\"Joe Bloggs\"")
        .append(",\"collectedData\":{\"transcript\":[");
    float clock = 0.4f;
    for (int i = 0; i < TRANSCRIPT_MESSAGES; i++) {
      boolean pearl = i % 2 == 0;
      String[] lines = pearl ? PEARL_LINES : CLIENT_LINES;
      String content = lines[(i / 2) % lines.length];
      float end = clock + 0.9f + (content.length() % 37) / 10f;
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"role\":").append(pearl ? 2 : 3)
          .append(",\"content\":").append(quote(content))
          .append(",\"startTime\":").append(decimal(clock))
          .append(",\"endTime\":").append(decimal(end))
          .append('}');
      clock = end + 0.35f;
    }
    json.append("],\"collectedInfos\":[")
        .append("{\"id\":\"dropOffLocation\",\"name\":\"Drop-off location\",\"value\":\"Orly Airport, Ouest\"},")
        .append("{\"id\":\"passengers\",\"name\":\"Passengers\",\"value\":3},")
        .append("{\"id\":\"fareEstimate\",\"name\":\"Fare estimate (EUR)\",\"value\":62.5},")
        .append("{\"id\":\"confirmBooking\",\"name\":\"Booking confirmed\",\"value\":true},")
        .append("{\"id\":\"needsChildSeat\",\"name\":\"Child seat\",\"value\":false},")
        .append("{\"id\":\"flightNumber\",\"name\":\"Flight number\",\"value\":null},")
        .append("{\"id\":\"pickupAddress\",\"name\":\"Pick-up address\",")
        .append("\"value\":\"3 Abbey Road, 2nd floor, door code 4521\"},")
        .append("{\"id\":\"paymentMethod\",\"name\":\"Payment\",\"value\":\"link\"}")
        .append("]}")
        .append(",\"summary\":").append(quote("Joe confirmed a taxi for 3 passengers from 3 Abbey Road to Orly "
            + "Ouest on Friday at 12:00, with two large suitcases and a stroller; he will pay by link."))
        .append(",\"duration\":187")
        .append(",\"recording\":\"https://recordings.example.com/calls/6603b2c4c9e77a2b4d8e3c55.mp3\"")
        .append(",\"tags\":[\"booking-confirmed\",\"payment-link-sent\",\"airport\"]")
        .append('}')
        .append(",\"callData\":");
    appendStringMap(json, callData());
    json.append(",\"collectedData\":{\"confirmBooking\":true,\"dropOffLocation\":\"Orly Airport\",")
        .append("\"rideTime\":\"Friday at 12:00\",\"passengers\":3,\"fareEstimate\":62.5,")
        .append("\"flightNumber\":null,\"userIntent\":\"Book a taxi to the airport\"}")
        .append('}');
    return json.toString();
  }

  /** Returns {@link #leadApiViewJson()} as UTF-8 bytes. */
  public static byte[] leadApiViewJsonBytes() {
    return leadApiViewJson().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendStringMap(StringBuilder json, Map<String, String> map) {
    json.append('{');
    boolean first = true;
    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append(quote(entry.getKey())).append(':').append(quote(entry.getValue()));
    }
    json.append('}');
  }

  private static String decimal(float value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** Quotes a string as a JSON string literal. */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
