package org.nlpearl4j.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.internal.CallState;

/**
 * The last call of a stored lead (a LeadLastCallApiView), as the call simulation produced it:
 * read-only, produced by the sandbox.
 */
public final class SandboxCall {
  private final CallState state;
  private final List<SandboxTranscriptMessage> transcript;
  private final List<SandboxCollectedInfo> collectedInfos;

  SandboxCall(CallState state) {
    this.state = state;
    List<SandboxTranscriptMessage> lines = new ArrayList<>();
    List<CallState.MessageState> messages = state.transcript();
    if (messages != null) {
      for (CallState.MessageState message : messages) {
        lines.add(new SandboxTranscriptMessage(message));
      }
    }
    this.transcript = Collections.unmodifiableList(lines);
    List<SandboxCollectedInfo> infos = new ArrayList<>();
    List<CallState.InfoState> collected = state.collectedInfos();
    if (collected != null) {
      for (CallState.InfoState info : collected) {
        infos.add(new SandboxCollectedInfo(info));
      }
    }
    this.collectedInfos = Collections.unmodifiableList(infos);
  }

  /** The call id (24 hex digits). */
  public String getId() {
    return state.id();
  }

  /** When the call started. */
  public Instant getStartTime() {
    return state.startTime();
  }

  /** The pearl (campaign) that made the call. */
  public String getPearlId() {
    return state.pearlId();
  }

  /** The call status code: 3 InProgress, 4 Completed, 5 Busy, 6 Failed, 7 NoAnswer, 8 Canceled. */
  public int getStatus() {
    return state.status();
  }

  /** The number the call was made from. */
  public String getFrom() {
    return state.from();
  }

  /** The name associated with the call, taken from the lead's callData when it has one. */
  public @Nullable String getName() {
    return state.name();
  }

  /** A summary of the conversation; null while the call is in progress. */
  public @Nullable String getSummary() {
    return state.summary();
  }

  /** Duration in seconds; 0 while in progress or when nobody answered. */
  public int getDuration() {
    return state.duration();
  }

  /** A (fake, unreachable) recording URL for answered calls. */
  public @Nullable String getRecording() {
    return state.recording();
  }

  /** Tags the conversation triggered. */
  public List<String> getTags() {
    return state.tags();
  }

  /** The transcript; empty while in progress or when nobody answered. */
  public List<SandboxTranscriptMessage> getTranscript() {
    return transcript;
  }

  /** What the call collected; empty when nothing was. */
  public List<SandboxCollectedInfo> getCollectedInfos() {
    return collectedInfos;
  }

  /** False while the call is in progress (collectedData is then null in the API). */
  public boolean hasCollectedData() {
    return state.transcript() != null || state.collectedInfos() != null;
  }

  /** Equal when id, status, duration and content are equal. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof SandboxCall)) {
      return false;
    }
    SandboxCall that = (SandboxCall) other;
    return getId().equals(that.getId())
        && getStartTime().equals(that.getStartTime())
        && getPearlId().equals(that.getPearlId())
        && getStatus() == that.getStatus()
        && getFrom().equals(that.getFrom())
        && Objects.equals(getName(), that.getName())
        && Objects.equals(getSummary(), that.getSummary())
        && getDuration() == that.getDuration()
        && Objects.equals(getRecording(), that.getRecording())
        && getTags().equals(that.getTags())
        && transcript.equals(that.transcript)
        && collectedInfos.equals(that.collectedInfos);
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Objects.hash(getId(), getStartTime(), getStatus(), getDuration(), getSummary(), getTags());
  }

  /** Shows id, status, duration, summary and tags. */
  @Override
  public String toString() {
    return "SandboxCall{id=" + getId() + ", status=" + getStatus() + ", duration=" + getDuration()
        + ", summary=" + getSummary() + ", tags=" + getTags() + "}";
  }
}
