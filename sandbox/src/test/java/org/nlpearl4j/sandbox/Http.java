package org.nlpearl4j.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A small OkHttp client for talking to a sandbox in tests. */
final class Http implements AutoCloseable {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  final OkHttpClient client;
  final String baseUrl;

  Http(String baseUrl) {
    this(baseUrl, Duration.ofSeconds(10));
  }

  Http(String baseUrl, Duration timeout) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(128);
    dispatcher.setMaxRequestsPerHost(128);
    this.client =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
            .retryOnConnectionFailure(false)
            .callTimeout(timeout)
            .build();
    this.baseUrl = baseUrl;
  }

  /** A finished exchange: status, headers and body read fully. */
  record Reply(int status, okhttp3.Headers headers, String body) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  Reply put(String path, String json) throws IOException {
    return put(path, json, NlPearlSandbox.DEFAULT_TOKEN);
  }

  Reply put(String path, String json, String token) throws IOException {
    Request.Builder request = request(path).put(RequestBody.create(json, JSON));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return execute(request.build());
  }

  /** Starts a request to a path of the sandbox (relative to the base URL), without credentials. */
  Request.Builder request(String path) {
    return new Request.Builder().url(baseUrl + path);
  }

  /** Starts a request to a path of the sandbox, authorized with the default token. */
  Request.Builder authorized(String path) {
    return request(path).header("Authorization", "Bearer " + NlPearlSandbox.DEFAULT_TOKEN);
  }

  Reply execute(Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return new Reply(response.code(), response.headers(), response.body().string());
    }
  }

  String addLead(String campaign, String json) throws IOException {
    Reply reply = put("v1/Outbound/" + campaign + "/Lead", json);
    if (reply.status() != 200) {
      throw new AssertionError("add failed: " + reply.status() + " " + reply.body());
    }
    return reply.json().get("leadId").asText();
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
