package org.nlpearl4j.sandbox.internal;

import org.jspecify.annotations.Nullable;

/** One contract violation found on a request or a response. */
public final class Violation {
  private final boolean request;
  private final String method;
  private final String path;
  private final @Nullable Integer status;
  private final String key;
  private final String message;

  public Violation(boolean request, String method, String path, @Nullable Integer status, String key, String message) {
    this.request = request;
    this.method = method;
    this.path = path;
    this.status = status;
    this.key = key;
    this.message = message;
  }

  public boolean request() {
    return request;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public @Nullable Integer status() {
    return status;
  }

  public String key() {
    return key;
  }

  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return (request ? "request " : "response " + status + " to ") + method + " " + path + ": [" + key + "] " + message;
  }
}
