package org.nlpearl4j;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Copies;

/**
 * One variable the Pearl collected during a call, e.g. the answer to "when should we call back?".
 *
 * <pre>{@code
 * for (CollectedInfo info : call.getCollectedInfos()) {
 *   System.out.println(info.getName() + " = " + info.getValue());
 * }
 * }</pre>
 */
public final class CollectedInfo {
  private final @Nullable String id;
  private final @Nullable String name;
  private final @Nullable Object value;

  private CollectedInfo(Builder builder) {
    this.id = builder.id;
    this.name = builder.name;
    this.value = Copies.json(builder.value);
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
   * Returns a collected info built by a lambda.
   *
   * @param spec fills in the builder
   * @return the collected info
   */
  public static CollectedInfo of(Consumer<Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    Builder builder = builder();
    spec.accept(builder);
    return builder.build();
  }

  /**
   * Returns a builder holding this value's fields.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder().id(id).name(name).value(value);
  }

  /**
   * Returns the id of the variable configured on the platform.
   *
   * @return the id, or null
   */
  public @Nullable String getId() {
    return id;
  }

  /**
   * Returns the display name of the variable.
   *
   * @return the name, or null
   */
  public @Nullable String getName() {
    return name;
  }

  /**
   * Returns the collected value as decoded from JSON: a {@code String}, {@code Boolean}, {@code
   * Double}, {@code List} or {@code Map}.
   *
   * @return the value, or null when nothing was collected
   */
  public @Nullable Object getValue() {
    return value;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CollectedInfo)) {
      return false;
    }
    CollectedInfo that = (CollectedInfo) o;
    return Objects.equals(id, that.id) && Objects.equals(name, that.name)
        && Objects.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, value);
  }

  @Override
  public String toString() {
    return "CollectedInfo{id=" + id + ", name=" + name + ", value=" + value + "}";
  }

  /** Builds a {@link CollectedInfo}; every field is optional. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String name;
    private @Nullable Object value;

    private Builder() {}

    /**
     * Sets the variable id.
     *
     * @param id the id, or null
     * @return this builder
     */
    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the variable's display name.
     *
     * @param name the name, or null
     * @return this builder
     */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the collected value.
     *
     * @param value a JSON value ({@code String}, {@code Boolean}, {@code Double}, {@code List},
     *     {@code Map}), or null
     * @return this builder
     */
    public Builder value(@Nullable Object value) {
      this.value = value;
      return this;
    }

    /**
     * Builds the immutable value.
     *
     * @return the collected info
     */
    public CollectedInfo build() {
      return new CollectedInfo(this);
    }
  }
}
