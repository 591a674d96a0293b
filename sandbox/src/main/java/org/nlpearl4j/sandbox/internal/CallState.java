package org.nlpearl4j.sandbox.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The last call of a lead, as the simulation produced it. Immutable. */
public final class CallState {
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
  /** Null while the call is in progress: nothing has been collected yet. */
  private final @Nullable List<MessageState> transcript;
  private final @Nullable List<InfoState> collectedInfos;

  CallState(
      String id,
      Instant startTime,
      String pearlId,
      int status,
      String from,
      @Nullable String name,
      @Nullable String summary,
      int duration,
      @Nullable String recording,
      List<String> tags,
      @Nullable List<MessageState> transcript,
      @Nullable List<InfoState> collectedInfos) {
    this.id = id;
    this.startTime = startTime;
    this.pearlId = pearlId;
    this.status = status;
    this.from = from;
    this.name = name;
    this.summary = summary;
    this.duration = duration;
    this.recording = recording;
    this.tags = Collections.unmodifiableList(new ArrayList<>(tags));
    this.transcript = transcript == null ? null : Collections.unmodifiableList(new ArrayList<>(transcript));
    this.collectedInfos =
        collectedInfos == null ? null : Collections.unmodifiableList(new ArrayList<>(collectedInfos));
  }

  public String id() {
    return id;
  }

  public Instant startTime() {
    return startTime;
  }

  public String pearlId() {
    return pearlId;
  }

  public int status() {
    return status;
  }

  public String from() {
    return from;
  }

  public @Nullable String name() {
    return name;
  }

  public @Nullable String summary() {
    return summary;
  }

  public int duration() {
    return duration;
  }

  public @Nullable String recording() {
    return recording;
  }

  public List<String> tags() {
    return tags;
  }

  public @Nullable List<MessageState> transcript() {
    return transcript;
  }

  public @Nullable List<InfoState> collectedInfos() {
    return collectedInfos;
  }

  /** One line of a call transcript. */
  public static final class MessageState {
    private final int role;
    private final String content;
    private final float startTime;
    private final float endTime;

    MessageState(int role, String content, float startTime, float endTime) {
      this.role = role;
      this.content = content;
      this.startTime = startTime;
      this.endTime = endTime;
    }

    public int role() {
      return role;
    }

    public String content() {
      return content;
    }

    public float startTime() {
      return startTime;
    }

    public float endTime() {
      return endTime;
    }
  }

  /** One value the agent collected during a call: a string, a number or a boolean. */
  public static final class InfoState {
    private final String id;
    private final String name;
    private final Object value;

    InfoState(String id, String name, Object value) {
      this.id = id;
      this.name = name;
      this.value = value;
    }

    public String id() {
      return id;
    }

    public String name() {
      return name;
    }

    public Object value() {
      return value;
    }
  }
}
