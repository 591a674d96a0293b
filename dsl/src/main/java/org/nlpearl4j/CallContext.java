package org.nlpearl4j;

import org.jspecify.annotations.Nullable;

/** What every event of one call shares: the operation, the call's id and the request value. */
final class CallContext {
  final String operation;
  final long callId;
  final @Nullable Object request;

  CallContext(String operation, long callId, @Nullable Object request) {
    this.operation = operation;
    this.callId = callId;
    this.request = request;
  }
}
