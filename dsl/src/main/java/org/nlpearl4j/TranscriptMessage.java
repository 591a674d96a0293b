package org.nlpearl4j;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One message of a call transcript: who spoke, what was said, and when, as offsets from the start
 * of the call.
 *
 * <pre>{@code
 * for (TranscriptMessage m : call.getTranscript()) {
 *   System.out.println(m.getRole() + " @" + m.getStartOffset() + ": " + m.getContent());
 * }
 * }</pre>
 */
public final class TranscriptMessage {
  private final int roleCode;
  private final @Nullable String content;
  private final @Nullable Duration startOffset;
  private final @Nullable Duration endOffset;

  private TranscriptMessage(Builder builder) {
    this.roleCode = builder.roleCode;
    this.content = builder.content;
    this.startOffset = builder.startOffset;
    this.endOffset = builder.endOffset;
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
   * Returns a message built by a lambda.
   *
   * @param spec fills in the builder
   * @return the message
   */
  public static TranscriptMessage of(Consumer<Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    Builder builder = builder();
    spec.accept(builder);
    return builder.build();
  }

  /**
   * Returns a builder holding this message's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder().roleCode(roleCode).content(content).startOffset(startOffset)
        .endOffset(endOffset);
  }

  /**
   * Returns who spoke.
   *
   * @return the role; {@link TranscriptRole#UNKNOWN} for a code this SDK does not know
   */
  public TranscriptRole getRole() {
    return TranscriptRole.fromCode(roleCode);
  }

  /**
   * Returns the raw role code as NLPearl sent it.
   *
   * @return e.g. 2 for the Pearl, 3 for the client; 0 when the server sent none
   */
  public int getRoleCode() {
    return roleCode;
  }

  /**
   * Returns what was said.
   *
   * @return the text, or null
   */
  public @Nullable String getContent() {
    return content;
  }

  /**
   * Returns when the message started, from the start of the call.
   *
   * @return the offset, or null when unknown
   */
  public @Nullable Duration getStartOffset() {
    return startOffset;
  }

  /**
   * Returns when the message ended, from the start of the call.
   *
   * @return the offset, or null when unknown
   */
  public @Nullable Duration getEndOffset() {
    return endOffset;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TranscriptMessage)) {
      return false;
    }
    TranscriptMessage that = (TranscriptMessage) o;
    return roleCode == that.roleCode && Objects.equals(content, that.content)
        && Objects.equals(startOffset, that.startOffset)
        && Objects.equals(endOffset, that.endOffset);
  }

  @Override
  public int hashCode() {
    return Objects.hash(roleCode, content, startOffset, endOffset);
  }

  @Override
  public String toString() {
    return "TranscriptMessage{role=" + getRole() + "(" + roleCode + "), content=" + content
        + ", startOffset=" + startOffset + ", endOffset=" + endOffset + "}";
  }

  /** Builds a {@link TranscriptMessage}; every field is optional. */
  public static final class Builder {
    private int roleCode;
    private @Nullable String content;
    private @Nullable Duration startOffset;
    private @Nullable Duration endOffset;

    private Builder() {}

    /**
     * Sets who spoke.
     *
     * @param role the role (sets the role code to {@code role.code()})
     * @return this builder
     */
    public Builder role(TranscriptRole role) {
      this.roleCode = Objects.requireNonNull(role, "role").code();
      return this;
    }

    /**
     * Sets the raw role code.
     *
     * @param roleCode the code as NLPearl sends it
     * @return this builder
     */
    public Builder roleCode(int roleCode) {
      this.roleCode = roleCode;
      return this;
    }

    /**
     * Sets what was said.
     *
     * @param content the text, or null
     * @return this builder
     */
    public Builder content(@Nullable String content) {
      this.content = content;
      return this;
    }

    /**
     * Sets when the message started, from the start of the call.
     *
     * @param startOffset the offset, or null
     * @return this builder
     */
    public Builder startOffset(@Nullable Duration startOffset) {
      this.startOffset = startOffset;
      return this;
    }

    /**
     * Sets when the message ended, from the start of the call.
     *
     * @param endOffset the offset, or null
     * @return this builder
     */
    public Builder endOffset(@Nullable Duration endOffset) {
      this.endOffset = endOffset;
      return this;
    }

    /**
     * Builds the immutable message.
     *
     * @return the message
     */
    public TranscriptMessage build() {
      return new TranscriptMessage(this);
    }
  }
}
