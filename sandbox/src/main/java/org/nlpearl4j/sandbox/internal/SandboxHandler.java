package org.nlpearl4j.sandbox.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Serves every request: injected fault, contract check, routing, bearer token, body binding, the
 * store, the response check, recording. One instance serves all connections concurrently.
 */
public final class SandboxHandler implements HttpHandler {
  private static final Logger LOG = Logger.getLogger("org.nlpearl4j.sandbox");

  static final String JSON_UTF8 = "application/json; charset=utf-8";
  static final String TEXT_JSON_UTF8 = "text/json; charset=utf-8";
  static final String PROBLEM_UTF8 = "application/problem+json; charset=utf-8";
  /** Problem type of the 500 that strict mode sends for a contract violation. */
  public static final String CONTRACT_PROBLEM_TYPE = "urn:nlpearl4j:sandbox:contract-violation";
  /** Response header set on strict-mode contract failures. */
  public static final String CONTRACT_HEADER = "X-NlPearl-Sandbox-Contract";

  private static final int BODY_LIMIT = 1 << 20;

  private final LeadStore store;
  private final Tokens tokens;
  private final @Nullable ContractChecker checker;
  private final boolean strict;
  private final FaultQueue faults;
  private final Recorder recorder;
  private final @Nullable CallSimulator simulator;
  private final Clock clock;
  private final Duration lookupLag;
  private final Capacity capacity;
  private final AtomicLong sequence = new AtomicLong();

  public SandboxHandler(
      LeadStore store,
      Tokens tokens,
      @Nullable ContractChecker checker,
      boolean strict,
      FaultQueue faults,
      Recorder recorder,
      @Nullable CallSimulator simulator,
      Clock clock,
      Duration lookupLag,
      Capacity capacity) {
    this.lookupLag = lookupLag;
    this.store = store;
    this.tokens = tokens;
    this.checker = checker;
    this.strict = strict;
    this.faults = faults;
    this.recorder = recorder;
    this.simulator = simulator;
    this.clock = clock;
    this.capacity = capacity;
  }

  /** A response about to be sent. */
  private static final class Reply {
    int status;
    String contentType;
    byte[] body;
    final Map<String, String> headers = new LinkedHashMap<>();

    Reply(int status, String contentType, byte[] body) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
    }

    static Reply json(int status, String contentType, ObjectNode body) {
      return new Reply(status, contentType, Json.bytes(body));
    }
  }

  /** Thrown to make the server close the connection: the JDK server does so when a handler throws. */
  private static final class CloseConnection extends IOException {
    private static final long serialVersionUID = 1L;

    CloseConnection(String why) {
      super(why);
    }
  }

  @Override
  public void handle(HttpExchange http) throws IOException {
    // Set by serve when the exchange took one of the capacity's workers, given back at the end.
    boolean[] worker = new boolean[1];
    try {
      serve(http, worker);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloseConnection("interrupted while waiting for a worker");
    } catch (RuntimeException bug) {
      LOG.log(Level.SEVERE, "The sandbox failed to serve " + http.getRequestMethod() + " " + http.getRequestURI().getRawPath(), bug);
      // Answer 500 if nothing was sent yet; otherwise the exception closes the connection.
      Reply reply = Reply.json(500, PROBLEM_UTF8, Problems.problem(500, "The sandbox failed: " + bug.getClass().getName()));
      send(http, reply, null);
    } finally {
      if (worker[0]) {
        capacity.leave();
      }
    }
  }

  private void serve(HttpExchange http, boolean[] worker) throws IOException, InterruptedException {
    long seq = sequence.incrementAndGet();
    Instant received = clock.instant();
    String method = http.getRequestMethod().toUpperCase(Locale.ROOT);
    URI uri = http.getRequestURI();
    String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
    String query = uri.getRawQuery();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : http.getRequestHeaders().entrySet()) {
      headers.put(header.getKey(), new ArrayList<>(header.getValue()));
    }
    byte[] body = readBody(http.getRequestBody());
    boolean tooLarge = body == null;
    if (body == null) {
      body = new byte[0];
    }
    Routes.Match route = Routes.match(path);
    String operation = route == null ? null : route.operation();
    String authorization = ContractChecker.header(headers, "Authorization");
    Tokens.Check auth = tokens.check(authorization);

    // Capacity, as a real service's gateway applies it: over the rate limit a quick 429 and
    // nothing else; else a worker (waiting in line for one) and the latency, before anything else.
    long waitNanos = capacity.take();
    if (waitNanos > 0) {
      Reply reply = Reply.json(429, PROBLEM_UTF8, Problems.problem(429, "Over the sandbox's rate "
          + "limit of " + capacity.describeRate() + "."));
      reply.headers.put("Retry-After", Long.toString(Fault.RetryAfter.seconds(java.time.Duration.ofNanos(waitNanos))));
      recorder.countRateLimited();
      record(seq, received, method, path, query, headers, body, operation, auth, 429, 0, null);
      send(http, reply, null);
      return;
    }
    worker[0] = capacity.enter();

    Fault fault = faults.poll();
    if (fault != null && !fault.afterHandling()) {
      // Before handling: the fault replaces it and nothing is stored.
      if (fault.kind() == Fault.Kind.DROP) {
        record(seq, received, method, path, query, headers, body, operation, auth, 0, 0, fault);
        throw new CloseConnection("fault: dropped connection");
      }
      if (fault.kind() == Fault.Kind.STATUS) {
        Reply reply = injected(fault);
        record(seq, received, method, path, query, headers, body, operation, auth, reply.status, 0, fault);
        send(http, reply, null);
        return;
      }
    }
    if (fault != null && fault.kind() == Fault.Kind.DELAY) {
      try {
        TimeUnit.NANOSECONDS.sleep(fault.delay().toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloseConnection("interrupted while delaying");
      }
    }

    List<Violation> requestViolations =
        checker == null || tooLarge
            ? Collections.<Violation>emptyList()
            : checker.checkRequest(method, path, query, headers, body);
    if (auth.shapeProblem() && route != null) {
      List<Violation> withShape = new ArrayList<>(requestViolations);
      boolean validatorSaw = false;
      for (Violation violation : requestViolations) {
        validatorSaw |= ContractChecker.isSecurity(violation.key());
      }
      if (!validatorSaw && checker != null) {
        withShape.add(new Violation(true, method, path, null, Tokens.SHAPE_KEY, String.valueOf(auth.problem())));
      }
      requestViolations = withShape;
    }
    recorder.violations(requestViolations);

    Reply reply;
    if (tooLarge) {
      reply = Reply.json(413, PROBLEM_UTF8, Problems.problem(413, "The request body is larger than " + BODY_LIMIT + " bytes."));
    } else if (route == null) {
      reply = Reply.json(404, PROBLEM_UTF8, Problems.problem(404, "This sandbox serves PUT /v1/Outbound/{outboundId}/Lead, PUT /v2/Outbound/{pearlId}/Lead/{leadId} and GET /v2/Outbound/{pearlId}/Lead/External/{externalId}."));
    } else if (!Routes.allows(route.operation(), method)) {
      reply = Reply.json(405, PROBLEM_UTF8, Problems.problem(405, null));
      reply.headers.put("Allow", Routes.methodOf(route.operation()));
    } else if (!auth.ok()) {
      reply = Reply.json(401, PROBLEM_UTF8, Problems.problem(401, auth.problem()));
      reply.headers.put(
          "WWW-Authenticate", auth.shapeProblem() ? "Bearer" : "Bearer error=\"invalid_token\"");
    } else if (strict && hasFailure(requestViolations)) {
      reply = contractFailure("request", requestViolations);
    } else {
      reply = behave(route, headers, body, received);
    }

    if (checker != null && reply.headers.get(CONTRACT_HEADER) == null) {
      List<Violation> responseViolations = checker.checkResponse(method, path, reply.status, reply.contentType, reply.body);
      recorder.violations(responseViolations);
      if (strict && !responseViolations.isEmpty()) {
        LOG.warning("The sandbox's own response broke the contract: " + responseViolations);
        reply = contractFailure("response", responseViolations);
      }
    }

    int handledStatus = reply.status;
    if (fault != null && fault.afterHandling()) {
      // After handling: the store has changed, then the failure replaces the answer.
      if (fault.kind() == Fault.Kind.DROP) {
        record(seq, received, method, path, query, headers, body, operation, auth, 0, handledStatus, fault);
        throw new CloseConnection("fault: dropped connection after handling");
      }
      if (fault.kind() == Fault.Kind.STATUS) {
        reply = injected(fault);
      }
    }
    Fault bodyFault =
        fault != null
                && (fault.kind() == Fault.Kind.TRUNCATE
                    || fault.kind() == Fault.Kind.MALFORMED
                    || fault.kind() == Fault.Kind.EMPTY)
            ? fault
            : null;
    record(seq, received, method, path, query, headers, body, operation, auth, reply.status, handledStatus, fault);
    send(http, reply, bodyFault);
  }

  /** The answer of a status fault: a problem body, and Retry-After when the fault has one. */
  private static Reply injected(Fault fault) {
    Reply reply = Reply.json(fault.status(), PROBLEM_UTF8, Problems.problem(fault.status(), "Injected by the sandbox's fault plan."));
    Duration retryAfter = fault.retryAfter();
    if (retryAfter != null) {
      reply.headers.put("Retry-After", Long.toString(Fault.RetryAfter.seconds(retryAfter)));
    }
    return reply;
  }

  private Reply behave(Routes.Match route, Map<String, List<String>> headers, byte[] body, Instant received) {
    if (Routes.LEAD_BY_EXTERNAL_ID.equals(route.operation())) {
      return lookup(route, headers);
    }
    String contentType = ContractChecker.header(headers, "Content-Type");
    if (contentType == null || !isJsonFamily(contentType)) {
      return Reply.json(415, PROBLEM_UTF8, Problems.problem(415, "Send the body as application/json."));
    }
    String accept = ContractChecker.header(headers, "Accept");
    String okType = prefersTextJson(accept) ? TEXT_JSON_UTF8 : JSON_UTF8;
    if (Routes.ADD_LEAD.equals(route.operation())) {
      LeadBinder.Result<AddLeadInput> bound = LeadBinder.bindAdd(body);
      AddLeadInput input = bound.value();
      if (input == null) {
        return Reply.json(400, PROBLEM_UTF8, Problems.validation(bound.errors()));
      }
      LeadState lead = store.add(route.campaignId(), input);
      if (lead == null) {
        return Reply.json(404, PROBLEM_UTF8, Problems.problem(404, "Outbound '" + route.campaignId() + "' does not exist."));
      }
      recorder.countAdded();
      if (simulator != null) {
        simulator.leadAdded(lead, lead.created());
      }
      return Reply.json(200, okType, LeadViews.added(lead));
    }
    LeadBinder.Result<UpdateLeadInput> bound = LeadBinder.bindUpdate(body);
    UpdateLeadInput input = bound.value();
    if (input == null) {
      return Reply.json(400, PROBLEM_UTF8, Problems.validation(bound.errors()));
    }
    String leadId = String.valueOf(route.leadId());
    LeadState lead = store.update(route.campaignId(), leadId, current -> current.updated(input));
    if (lead == null) {
      return Reply.json(
          404,
          PROBLEM_UTF8,
          Problems.problem(404, "Lead '" + leadId + "' does not exist in pearl '" + route.campaignId() + "'."));
    }
    recorder.countUpdated();
    if (simulator != null && input.status() != null) {
      simulator.statusSet(lead, clock.instant());
    }
    return Reply.json(200, okType, LeadViews.lead(lead));
  }

  /**
   * A lead by external id: the v2 pearl id names the same campaign as the v1 outbound id, so a
   * lead added with {@code /v1/Outbound/X/Lead} is found at {@code /v2/Outbound/X/Lead/External/E}
   * once the lookup lag has passed since it was stored; otherwise 404.
   */
  private Reply lookup(Routes.Match route, Map<String, List<String>> headers) {
    String externalId = String.valueOf(route.leadId());
    LeadState lead = store.findByExternalId(route.campaignId(), externalId, clock.instant(), lookupLag);
    recorder.countLookup(lead != null);
    if (lead == null) {
      return Reply.json(404, PROBLEM_UTF8, Problems.problem(404,
          "No lead with external id '" + externalId + "' in pearl '" + route.campaignId() + "'."));
    }
    String okType = prefersTextJson(ContractChecker.header(headers, "Accept")) ? TEXT_JSON_UTF8 : JSON_UTF8;
    return Reply.json(200, okType, LeadViews.lead(lead));
  }

  private static boolean hasFailure(List<Violation> violations) {
    for (Violation violation : violations) {
      if (!ContractChecker.isSecurity(violation.key())) {
        return true;
      }
    }
    return false;
  }

  private static Reply contractFailure(String side, List<Violation> violations) {
    StringBuilder report = new StringBuilder("The ").append(side).append(" breaks the NLPearl contract:");
    ObjectNode body = Json.object();
    body.put("type", CONTRACT_PROBLEM_TYPE);
    body.put("title", "Contract violation (sandbox strict mode)");
    body.put("status", 500);
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (Violation violation : violations) {
      if (ContractChecker.isSecurity(violation.key())) {
        continue;
      }
      report.append("\n- [").append(violation.key()).append("] ").append(violation.message());
      ObjectNode item = list.addObject();
      item.put("key", violation.key());
      item.put("message", violation.message());
    }
    body.put("detail", report.toString());
    body.set("violations", list);
    body.put("traceId", Problems.traceId());
    Reply reply = Reply.json(500, PROBLEM_UTF8, body);
    reply.headers.put(CONTRACT_HEADER, side);
    return reply;
  }

  static boolean isJsonFamily(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json")
        || type.equals("text/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
  }

  private static boolean prefersTextJson(@Nullable String accept) {
    if (accept == null) {
      return false;
    }
    String lower = accept.toLowerCase(Locale.ROOT);
    return lower.contains("text/json") && !lower.contains("application/json");
  }

  private void record(
      long seq,
      Instant received,
      String method,
      String path,
      @Nullable String query,
      Map<String, List<String>> headers,
      byte[] body,
      @Nullable String operation,
      Tokens.Check auth,
      int status,
      int handledStatus,
      @Nullable Fault fault) {
    Map<String, List<String>> redacted = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase("Authorization")) {
        List<String> values = new ArrayList<>();
        for (String value : header.getValue()) {
          values.add(Tokens.redactHeader(value));
        }
        redacted.put(header.getKey(), Collections.unmodifiableList(values));
      } else {
        redacted.put(header.getKey(), Collections.unmodifiableList(new ArrayList<>(header.getValue())));
      }
    }
    recorder.record(
        new Exchange(
            seq,
            received,
            method,
            path,
            query,
            redacted,
            new String(body, StandardCharsets.UTF_8),
            operation,
            auth.accountId(),
            auth.ok(),
            status,
            handledStatus,
            fault));
  }

  /** The whole body, or null when it is larger than {@link #BODY_LIMIT} (the rest is read and dropped). */
  private static byte @Nullable [] readBody(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    boolean tooLarge = false;
    for (int n; (n = in.read(buffer)) > 0; ) {
      if (out.size() + n > BODY_LIMIT) {
        tooLarge = true;
      }
      if (!tooLarge) {
        out.write(buffer, 0, n);
      }
    }
    return tooLarge ? null : out.toByteArray();
  }

  private static void send(HttpExchange http, Reply reply, @Nullable Fault bodyFault) throws IOException {
    http.getResponseHeaders().set("Content-Type", reply.contentType);
    for (Map.Entry<String, String> header : reply.headers.entrySet()) {
      http.getResponseHeaders().set(header.getKey(), header.getValue());
    }
    byte[] body = reply.body;
    if (bodyFault != null && bodyFault.kind() == Fault.Kind.EMPTY) {
      body = new byte[0];
    }
    if (bodyFault != null && bodyFault.kind() == Fault.Kind.MALFORMED) {
      body = Arrays.copyOf(body, Math.max(1, body.length / 2));
    }
    if (bodyFault != null && bodyFault.kind() == Fault.Kind.TRUNCATE) {
      http.sendResponseHeaders(reply.status, body.length);
      OutputStream out = http.getResponseBody();
      out.write(body, 0, body.length / 2);
      out.flush();
      throw new CloseConnection("fault: truncated body");
    }
    boolean head = "HEAD".equalsIgnoreCase(http.getRequestMethod());
    http.sendResponseHeaders(reply.status, body.length == 0 || head ? -1 : body.length);
    try (OutputStream out = http.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }
}
