package org.nlpearl4j.sandbox;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.internal.CallState;

/**
 * One value a simulated call collected (a CollectedInfoView): read-only, produced by the sandbox.
 *
 * <p>The value is a {@link String}, a {@link Number} or a {@link Boolean}.
 */
public final class SandboxCollectedInfo {
  private final String id;
  private final String name;
  private final Object value;

  SandboxCollectedInfo(CallState.InfoState state) {
    this.id = state.id();
    this.name = state.name();
    this.value = state.value();
  }

  /** The variable id, e.g. {@code confirmBooking}. */
  public String getId() {
    return id;
  }

  /** The display name, e.g. {@code Booking confirmed}. */
  public String getName() {
    return name;
  }

  /** The collected value: a String, a Number or a Boolean. */
  public Object getValue() {
    return value;
  }

  /** Equal when id, name and value are equal. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof SandboxCollectedInfo)) {
      return false;
    }
    SandboxCollectedInfo that = (SandboxCollectedInfo) other;
    return id.equals(that.id) && name.equals(that.name) && value.equals(that.value);
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Objects.hash(id, name, value);
  }

  /** Shows id, name and value. */
  @Override
  public String toString() {
    return "SandboxCollectedInfo{id=" + id + ", name=" + name + ", value=" + value + "}";
  }
}
