package org.nlpearl4j.sandbox;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.internal.CallState;

/** One line of a simulated call's transcript (an AgentChatMessageApiView): read-only, produced by the sandbox. */
public final class SandboxTranscriptMessage {
  /** Role code of the AI agent. */
  public static final int ROLE_PEARL = 2;
  /** Role code of the person called. */
  public static final int ROLE_CLIENT = 3;

  private final int role;
  private final String content;
  private final float startTime;
  private final float endTime;

  SandboxTranscriptMessage(CallState.MessageState state) {
    this.role = state.role();
    this.content = state.content();
    this.startTime = state.startTime();
    this.endTime = state.endTime();
  }

  /** {@link #ROLE_PEARL} (2) or {@link #ROLE_CLIENT} (3). */
  public int getRole() {
    return role;
  }

  /** What was said. */
  public String getContent() {
    return content;
  }

  /** Seconds from the start of the call. */
  public float getStartTime() {
    return startTime;
  }

  /** Seconds from the start of the call. */
  public float getEndTime() {
    return endTime;
  }

  /** Equal when every member is equal. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof SandboxTranscriptMessage)) {
      return false;
    }
    SandboxTranscriptMessage that = (SandboxTranscriptMessage) other;
    return role == that.role
        && content.equals(that.content)
        && Float.compare(startTime, that.startTime) == 0
        && Float.compare(endTime, that.endTime) == 0;
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Objects.hash(role, content, startTime, endTime);
  }

  /** Shows the role, times and text. */
  @Override
  public String toString() {
    return "SandboxTranscriptMessage{role=" + role + ", " + startTime + "-" + endTime + "s, content=" + content + "}";
  }
}
