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
  private final String id;
  private final Instant startTime;
  private final String pearlId;
  private final int status;
  private final String from;
  private final @Nullable String name;
  private final @Nullable String summary;
  private final int duration;
  private final @Nullable String recording;
  private final List<String> tags;
  private final List<SandboxTranscriptMessage> transcript;
  private final List<SandboxCollectedInfo> collectedInfos;
  private final boolean hasCollectedData;

  SandboxCall(CallState state) {
    this.id = state.id();
    this.startTime = state.startTime();
    this.pearlId = state.pearlId();
    this.status = state.status();
    this.from = state.from();
    this.name = state.name();
    this.summary = state.summary();
    this.duration = state.duration();
    this.recording = state.recording();
    this.tags = state.tags();
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
    this.hasCollectedData = messages != null || collected != null;
  }

  /** The call id (24 hex digits). */
  public String getId() {
    return id;
  }

  /** When the call started. */
  public Instant getStartTime() {
    return startTime;
  }

  /** The pearl (campaign) that made the call. */
  public String getPearlId() {
    return pearlId;
  }

  /** The call status code: 3 InProgress, 4 Completed, 5 Busy, 6 Failed, 7 NoAnswer, 8 Canceled. */
  public int getStatus() {
    return status;
  }

  /** The number the call was made from. */
  public String getFrom() {
    return from;
  }

  /** The name associated with the call, taken from the lead's callData when it has one. */
  public @Nullable String getName() {
    return name;
  }

  /** A summary of the conversation; null while the call is in progress. */
  public @Nullable String getSummary() {
    return summary;
  }

  /** Duration in seconds; 0 while in progress or when nobody answered. */
  public int getDuration() {
    return duration;
  }

  /** A (fake, unreachable) recording URL for answered calls. */
  public @Nullable String getRecording() {
    return recording;
  }

  /** Tags the conversation triggered. */
  public List<String> getTags() {
    return tags;
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
    return hasCollectedData;
  }

  /** Equal when id, status, duration and content are equal. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof SandboxCall)) {
      return false;
    }
    SandboxCall that = (SandboxCall) other;
    return id.equals(that.id)
        && startTime.equals(that.startTime)
        && pearlId.equals(that.pearlId)
        && status == that.status
        && from.equals(that.from)
        && Objects.equals(name, that.name)
        && Objects.equals(summary, that.summary)
        && duration == that.duration
        && Objects.equals(recording, that.recording)
        && tags.equals(that.tags)
        && transcript.equals(that.transcript)
        && collectedInfos.equals(that.collectedInfos);
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Objects.hash(id, startTime, status, duration, summary, tags);
  }

  /** Shows id, status, duration, summary and tags. */
  @Override
  public String toString() {
    return "SandboxCall{id=" + id + ", status=" + status + ", duration=" + duration + ", summary=" + summary
        + ", tags=" + tags + "}";
  }
}
