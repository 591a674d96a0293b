package org.nlpearl4j.internal;

import org.jspecify.annotations.Nullable;

/**
 * Receives the calls of a client that has listeners; the engine is given none when there is no
 * listener, and then creates no probe and no event.
 */
public interface CallObserver {
  /**
   * Starts observing one call (one subscription).
   *
   * @param operation the operation's name
   * @param request the validated request value, or null when validation failed before it existed
   * @param leadId the lead's id when the operation has one in its path, else null
   * @return the call's probe
   */
  CallProbe start(String operation, @Nullable Object request, @Nullable String leadId);
}
