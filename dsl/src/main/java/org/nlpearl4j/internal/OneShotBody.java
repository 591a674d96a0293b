package org.nlpearl4j.internal;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * Marks a request body as one-shot, which stops OkHttp from silently re-sending a request whose
 * transmission had started (it still retries a request that never left, e.g. on another route).
 * Used for requests that are not idempotent, such as adding a lead.
 */
final class OneShotBody extends RequestBody {
  private final RequestBody delegate;

  OneShotBody(RequestBody delegate) {
    this.delegate = delegate;
  }

  @Override
  public @Nullable MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() throws IOException {
    return delegate.contentLength();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    delegate.writeTo(sink);
  }

  @Override
  public boolean isOneShot() {
    return true;
  }
}
