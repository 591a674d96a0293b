package org.nlpearl4j.sandbox.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** Problem bodies shaped like the ones ASP.NET writes (RFC 9457 problem details with a traceId). */
public final class Problems {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Problems() {}

  /** A W3C traceparent-style id, as ASP.NET puts in {@code traceId}: {@code 00-<32 hex>-<16 hex>-00}. */
  public static String traceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder out = new StringBuilder(55).append("00-");
    for (int i = 0; i < 32; i++) {
      out.append(HEX[random.nextInt(16)]);
    }
    out.append('-');
    for (int i = 0; i < 16; i++) {
      out.append(HEX[random.nextInt(16)]);
    }
    return out.append("-00").toString();
  }

  /** A 400 ValidationProblemDetails body. */
  public static ObjectNode validation(Map<String, List<String>> errors) {
    ObjectNode body = Json.object();
    body.put("type", "https://tools.ietf.org/html/rfc9110#section-15.5.1");
    body.put("title", "One or more validation errors occurred.");
    body.put("status", 400);
    ObjectNode map = body.putObject("errors");
    for (Map.Entry<String, List<String>> entry : errors.entrySet()) {
      ArrayNode messages = map.putArray(entry.getKey());
      for (String message : entry.getValue()) {
        messages.add(message);
      }
    }
    body.put("traceId", traceId());
    return body;
  }

  /** A plain problem body for {@code status}, with an optional detail. */
  public static ObjectNode problem(int status, @Nullable String detail) {
    ObjectNode body = Json.object();
    body.put("type", typeFor(status));
    body.put("title", titleFor(status));
    body.put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    body.put("traceId", traceId());
    return body;
  }

  static String typeFor(int status) {
    switch (status) {
      case 400:
        return "https://tools.ietf.org/html/rfc9110#section-15.5.1";
      case 401:
        return "https://tools.ietf.org/html/rfc9110#section-15.5.2";
      case 403:
        return "https://tools.ietf.org/html/rfc9110#section-15.5.4";
      case 404:
        return "https://tools.ietf.org/html/rfc9110#section-15.5.5";
      case 405:
        return "https://tools.ietf.org/html/rfc9110#section-15.5.6";
      case 409:
        return "https://tools.ietf.org/html/rfc9110#section-15.5.10";
      case 413:
        return "https://tools.ietf.org/html/rfc9110#section-15.5.14";
      case 415:
        return "https://tools.ietf.org/html/rfc9110#section-15.5.16";
      case 429:
        return "https://tools.ietf.org/html/rfc6585#section-4";
      case 500:
        return "https://tools.ietf.org/html/rfc9110#section-15.6.1";
      case 502:
        return "https://tools.ietf.org/html/rfc9110#section-15.6.3";
      case 503:
        return "https://tools.ietf.org/html/rfc9110#section-15.6.4";
      case 504:
        return "https://tools.ietf.org/html/rfc9110#section-15.6.5";
      default:
        return "about:blank";
    }
  }

  static String titleFor(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 409:
        return "Conflict";
      case 413:
        return "Payload Too Large";
      case 415:
        return "Unsupported Media Type";
      case 429:
        return "Too Many Requests";
      case 500:
        return "An error occurred while processing your request.";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      default:
        return "HTTP " + status;
    }
  }
}
