package org.nlpearl4j.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The kinds of fault a {@link FaultMix} draws from, each with a short label for the command line
 * ({@code 502-after}, {@code drop-before}...).
 *
 * <p>A fault <em>before handling</em> replaces the handling: nothing is stored or updated, as a
 * rate limiter or a gateway that cannot reach the backend would do. A fault <em>after
 * handling</em> lets the request be handled first (the lead is stored or updated), then spoils
 * the answer, as a gateway that times out while the backend stored the lead, or a connection reset
 * after the server acted, would do.
 *
 * <pre>{@code
 * FaultMix mix = FaultMix.builder()
 *     .rate(0.3).seed(7)
 *     .kinds(FaultKind.HTTP_502_AFTER, FaultKind.DROP_BEFORE, FaultKind.EMPTY_200)
 *     .build();
 * FaultKind kind = FaultKind.fromLabel("504-after");   // FaultKind.HTTP_504_AFTER
 * }</pre>
 */
public enum FaultKind {
  /**
   * 429 Too Many Requests with a {@code Retry-After} header, before handling. There is no
   * after-handling variant: NLPearl's 429 means it did not act.
   */
  HTTP_429("429-before", 429, false),
  /** 500 with a problem body, before handling: nothing stored. */
  HTTP_500_BEFORE("500-before", 500, false),
  /** 500 with a problem body, after handling: the lead was stored or updated. */
  HTTP_500_AFTER("500-after", 500, true),
  /** 502 Bad Gateway, before handling: nothing stored. */
  HTTP_502_BEFORE("502-before", 502, false),
  /** 502 Bad Gateway, after handling: the lead was stored or updated. */
  HTTP_502_AFTER("502-after", 502, true),
  /** 503 Service Unavailable, before handling: nothing stored. */
  HTTP_503_BEFORE("503-before", 503, false),
  /** 503 Service Unavailable, after handling: the lead was stored or updated. */
  HTTP_503_AFTER("503-after", 503, true),
  /** 504 Gateway Timeout, before handling: nothing stored. */
  HTTP_504_BEFORE("504-before", 504, false),
  /** 504 Gateway Timeout, after handling: the lead was stored or updated. */
  HTTP_504_AFTER("504-after", 504, true),
  /** The connection is closed without a byte of answer, before handling: nothing stored. */
  DROP_BEFORE("drop-before", 0, false),
  /** The connection is closed without a byte of answer, after handling: the lead was stored or updated. */
  DROP_AFTER("drop-after", 0, true),
  /** Handled; the headers (with the full Content-Length) and half the body are sent, then the connection is closed. */
  TRUNCATED_BODY("truncated", 0, true),
  /** Handled; a complete answer whose JSON body is cut in half, so it cannot be parsed. */
  MALFORMED_BODY("malformed", 0, true),
  /** Handled; the handling's status (200 for a good request) with an empty body. */
  EMPTY_200("empty-200", 0, true),
  /** Handled normally, after a wait ({@link FaultMix#getSlowDelay()}). */
  SLOW_ANSWER("slow", 0, true);

  private final String label;
  private final int status;
  private final boolean afterHandling;

  FaultKind(String label, int status, boolean afterHandling) {
    this.label = label;
    this.status = status;
    this.afterHandling = afterHandling;
  }

  /** The label used on the command line and in {@link SandboxFaultCounts}, e.g. {@code 502-after}. */
  public String getLabel() {
    return label;
  }

  /** The HTTP status the fault answers with, or 0 when it is not a status fault. */
  public int getStatus() {
    return status;
  }

  /**
   * True when the request is handled despite the fault (the lead is stored or updated when the
   * request is good); false when the fault replaces the handling and nothing is stored.
   */
  public boolean isAfterHandling() {
    return afterHandling;
  }

  /**
   * The kind with this label, ignoring case; {@code 429} is accepted for {@code 429-before}.
   *
   * @throws IllegalArgumentException naming the valid labels when none matches
   */
  public static FaultKind fromLabel(String label) {
    Objects.requireNonNull(label, "label");
    String wanted = label.trim().toLowerCase(Locale.ROOT);
    if (wanted.equals("429")) {
      return HTTP_429;
    }
    for (FaultKind kind : values()) {
      if (kind.label.equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown fault kind '" + label + "'; use one of " + labels());
  }

  /** Every label, in declaration order, e.g. {@code [429-before, 500-before, 500-after, ...]}. */
  public static List<String> labels() {
    List<String> out = new ArrayList<>();
    for (FaultKind kind : values()) {
      out.add(kind.label);
    }
    return out;
  }
}
