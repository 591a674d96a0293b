package org.nlpearl4j;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Copies;

/**
 * The last call made to a lead: when, by which Pearl, how it ended, and what was said and collected.
 *
 * <pre>{@code
 * LastCall call = lead.getLastCall();
 * if (call != null && call.getStatus() == CallStatus.COMPLETED) {
 *   System.out.println(call.getSummary() + " (" + call.getDuration() + ")");
 * }
 * }</pre>
 */
public final class LastCall {
  private final @Nullable String id;
  private final @Nullable Instant startTime;
  private final @Nullable String pearlId;
  private final int statusCode;
  private final @Nullable String from;
  private final @Nullable String name;
  private final List<TranscriptMessage> transcript;
  private final List<CollectedInfo> collectedInfos;
  private final @Nullable String summary;
  private final @Nullable Duration duration;
  private final @Nullable String recording;
  private final List<String> tags;

  private LastCall(Builder builder) {
    this.id = builder.id;
    this.startTime = builder.startTime;
    this.pearlId = builder.pearlId;
    this.statusCode = builder.statusCode;
    this.from = builder.from;
    this.name = builder.name;
    this.transcript = Copies.list(builder.transcript, "transcript");
    this.collectedInfos = Copies.list(builder.collectedInfos, "collectedInfos");
    this.summary = builder.summary;
    this.duration = builder.duration;
    this.recording = builder.recording;
    this.tags = Copies.list(builder.tags, "tags");
  }

  /**
   * Returns a new, empty builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a call built by a lambda.
   *
   * @param spec fills in the builder
   * @return the call
   */
  public static LastCall of(Consumer<Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    Builder builder = builder();
    spec.accept(builder);
    return builder.build();
  }

  /**
   * Returns a builder holding this call's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder().id(id).startTime(startTime).pearlId(pearlId).statusCode(statusCode)
        .from(from).name(name).transcript(transcript).collectedInfos(collectedInfos)
        .summary(summary).duration(duration).recording(recording).tags(tags);
  }

  /**
   * Returns the call's id.
   *
   * @return the id, or null
   */
  public @Nullable String getId() {
    return id;
  }

  /**
   * Returns when processing of the call started.
   *
   * @return the instant, or null when unknown
   */
  public @Nullable Instant getStartTime() {
    return startTime;
  }

  /**
   * Returns the id of the Pearl that made the call.
   *
   * @return the Pearl id, or null
   */
  public @Nullable String getPearlId() {
    return pearlId;
  }

  /**
   * Returns how the call ended (or that it is in progress).
   *
   * @return the status; {@link CallStatus#UNKNOWN} for a code this SDK does not know
   */
  public CallStatus getStatus() {
    return CallStatus.fromCode(statusCode);
  }

  /**
   * Returns the raw status code as NLPearl sent it.
   *
   * @return e.g. 4 for completed; 0 when the server sent none
   */
  public int getStatusCode() {
    return statusCode;
  }

  /**
   * Returns the phone number the call was made from.
   *
   * @return the number, or null
   */
  public @Nullable String getFrom() {
    return from;
  }

  /**
   * Returns the name associated with the call.
   *
   * @return the name, or null
   */
  public @Nullable String getName() {
    return name;
  }

  /**
   * Returns the transcript of the conversation.
   *
   * @return the messages in order; empty when none
   */
  public List<TranscriptMessage> getTranscript() {
    return transcript;
  }

  /**
   * Returns the variables collected during the call.
   *
   * @return the collected values; empty when none
   */
  public List<CollectedInfo> getCollectedInfos() {
    return collectedInfos;
  }

  /**
   * Returns a summary of the conversation.
   *
   * @return the summary, or null
   */
  public @Nullable String getSummary() {
    return summary;
  }

  /**
   * Returns how long the call lasted.
   *
   * @return the duration (whole seconds), or null when unknown
   */
  public @Nullable Duration getDuration() {
    return duration;
  }

  /**
   * Returns the URL of the call's recording.
   *
   * @return the URL, or null when there is none
   */
  public @Nullable String getRecording() {
    return recording;
  }

  /**
   * Returns the tags triggered during the conversation.
   *
   * @return the tags; empty when none
   */
  public List<String> getTags() {
    return tags;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LastCall)) {
      return false;
    }
    LastCall that = (LastCall) o;
    return statusCode == that.statusCode
        && Objects.equals(id, that.id)
        && Objects.equals(startTime, that.startTime)
        && Objects.equals(pearlId, that.pearlId)
        && Objects.equals(from, that.from)
        && Objects.equals(name, that.name)
        && transcript.equals(that.transcript)
        && collectedInfos.equals(that.collectedInfos)
        && Objects.equals(summary, that.summary)
        && Objects.equals(duration, that.duration)
        && Objects.equals(recording, that.recording)
        && tags.equals(that.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, startTime, pearlId, statusCode, from, name, transcript, collectedInfos,
        summary, duration, recording, tags);
  }

  @Override
  public String toString() {
    return "LastCall{id=" + id + ", startTime=" + startTime + ", pearlId=" + pearlId
        + ", status=" + getStatus() + "(" + statusCode + "), from=" + from + ", name=" + name
        + ", transcript=" + transcript.size() + " messages, collectedInfos=" + collectedInfos
        + ", summary=" + summary + ", duration=" + duration + ", recording=" + recording
        + ", tags=" + tags + "}";
  }

  /** Builds a {@link LastCall}; every field is optional. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable Instant startTime;
    private @Nullable String pearlId;
    private int statusCode;
    private @Nullable String from;
    private @Nullable String name;
    private final List<TranscriptMessage> transcript = new ArrayList<>();
    private final List<CollectedInfo> collectedInfos = new ArrayList<>();
    private @Nullable String summary;
    private @Nullable Duration duration;
    private @Nullable String recording;
    private final List<String> tags = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the call id.
     *
     * @param id the id, or null
     * @return this builder
     */
    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets when the call started.
     *
     * @param startTime the instant, or null
     * @return this builder
     */
    public Builder startTime(@Nullable Instant startTime) {
      this.startTime = startTime;
      return this;
    }

    /**
     * Sets the id of the Pearl that made the call.
     *
     * @param pearlId the Pearl id, or null
     * @return this builder
     */
    public Builder pearlId(@Nullable String pearlId) {
      this.pearlId = pearlId;
      return this;
    }

    /**
     * Sets the status.
     *
     * @param status the status (sets the status code to {@code status.code()})
     * @return this builder
     */
    public Builder status(CallStatus status) {
      this.statusCode = Objects.requireNonNull(status, "status").code();
      return this;
    }

    /**
     * Sets the raw status code.
     *
     * @param statusCode the code as NLPearl sends it
     * @return this builder
     */
    public Builder statusCode(int statusCode) {
      this.statusCode = statusCode;
      return this;
    }

    /**
     * Sets the number the call was made from.
     *
     * @param from the number, or null
     * @return this builder
     */
    public Builder from(@Nullable String from) {
      this.from = from;
      return this;
    }

    /**
     * Sets the name associated with the call.
     *
     * @param name the name, or null
     * @return this builder
     */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /**
     * Replaces the transcript.
     *
     * @param transcript the messages in order
     * @return this builder
     */
    public Builder transcript(Collection<TranscriptMessage> transcript) {
      Objects.requireNonNull(transcript, "transcript");
      this.transcript.clear();
      this.transcript.addAll(transcript);
      return this;
    }

    /**
     * Appends one transcript message.
     *
     * @param message the message
     * @return this builder
     */
    public Builder addTranscriptMessage(TranscriptMessage message) {
      this.transcript.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /**
     * Replaces the collected variables.
     *
     * @param collectedInfos the collected values
     * @return this builder
     */
    public Builder collectedInfos(Collection<CollectedInfo> collectedInfos) {
      Objects.requireNonNull(collectedInfos, "collectedInfos");
      this.collectedInfos.clear();
      this.collectedInfos.addAll(collectedInfos);
      return this;
    }

    /**
     * Appends one collected variable.
     *
     * @param info the collected value
     * @return this builder
     */
    public Builder addCollectedInfo(CollectedInfo info) {
      this.collectedInfos.add(Objects.requireNonNull(info, "info"));
      return this;
    }

    /**
     * Sets the summary.
     *
     * @param summary the summary, or null
     * @return this builder
     */
    public Builder summary(@Nullable String summary) {
      this.summary = summary;
      return this;
    }

    /**
     * Sets the call's duration.
     *
     * @param duration the duration, or null
     * @return this builder
     */
    public Builder duration(@Nullable Duration duration) {
      this.duration = duration;
      return this;
    }

    /**
     * Sets the recording URL.
     *
     * @param recording the URL, or null
     * @return this builder
     */
    public Builder recording(@Nullable String recording) {
      this.recording = recording;
      return this;
    }

    /**
     * Replaces the tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Collection<String> tags) {
      Objects.requireNonNull(tags, "tags");
      this.tags.clear();
      this.tags.addAll(tags);
      return this;
    }

    /**
     * Builds the immutable call.
     *
     * @return the call
     */
    public LastCall build() {
      return new LastCall(this);
    }
  }
}
