package org.nlpearl4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Copies;

/**
 * The details of a refused request, shaped like ASP.NET's {@code ValidationProblemDetails} (RFC 9457
 * problem details plus field errors).
 *
 * <p>NLPearl sends one with every 400 response; the SDK builds one with the same shape for problems
 * it finds before sending (see {@link InvalidRequestException}).
 *
 * <pre>{@code
 * List<String> phoneErrors = problem.getErrors().getOrDefault("phoneNumber", List.of());
 * }</pre>
 */
public final class ValidationProblem {
  private final @Nullable String type;
  private final @Nullable String title;
  private final @Nullable Integer status;
  private final @Nullable String detail;
  private final @Nullable String instance;
  private final @Nullable String traceId;
  private final Map<String, List<String>> errors;

  private ValidationProblem(Builder builder) {
    this.type = builder.type;
    this.title = builder.title;
    this.status = builder.status;
    this.detail = builder.detail;
    this.instance = builder.instance;
    this.traceId = builder.traceId;
    this.errors = Copies.errors(builder.errors);
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
   * Returns a problem built by a lambda.
   *
   * <pre>{@code ValidationProblem.of(p -> p.title("Invalid").error("phoneNumber", "is required"))}</pre>
   *
   * @param spec fills in the builder
   * @return the problem
   */
  public static ValidationProblem of(Consumer<Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    Builder builder = builder();
    spec.accept(builder);
    return builder.build();
  }

  /**
   * Returns a builder holding this problem's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.type = type;
    builder.title = title;
    builder.status = status;
    builder.detail = detail;
    builder.instance = instance;
    builder.traceId = traceId;
    builder.errors(errors);
    return builder;
  }

  /**
   * Returns the URI reference that identifies the problem type.
   *
   * @return the type, e.g. {@code https://tools.ietf.org/html/rfc9110#section-15.5.1}, or null
   */
  public @Nullable String getType() {
    return type;
  }

  /**
   * Returns the short, human-readable summary of the problem.
   *
   * @return e.g. {@code One or more validation errors occurred.}, or null
   */
  public @Nullable String getTitle() {
    return title;
  }

  /**
   * Returns the HTTP status the server gave in the problem body.
   *
   * @return the status, or null when absent (always null for problems found before sending)
   */
  public @Nullable Integer getStatus() {
    return status;
  }

  /**
   * Returns the human-readable explanation specific to this occurrence.
   *
   * @return the detail, or null
   */
  public @Nullable String getDetail() {
    return detail;
  }

  /**
   * Returns the URI reference that identifies this occurrence.
   *
   * @return the instance, or null
   */
  public @Nullable String getInstance() {
    return instance;
  }

  /**
   * Returns the server's trace id for the failed request (quote it when contacting NLPearl).
   *
   * @return the trace id, or null
   */
  public @Nullable String getTraceId() {
    return traceId;
  }

  /**
   * Returns the errors by field: the JSON field name (e.g. {@code phoneNumber}, {@code
   * callData.email}) mapped to the rules it broke.
   *
   * @return an unmodifiable, ordered map; empty when there are no field errors
   */
  public Map<String, List<String>> getErrors() {
    return errors;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ValidationProblem)) {
      return false;
    }
    ValidationProblem that = (ValidationProblem) o;
    return Objects.equals(type, that.type)
        && Objects.equals(title, that.title)
        && Objects.equals(status, that.status)
        && Objects.equals(detail, that.detail)
        && Objects.equals(instance, that.instance)
        && Objects.equals(traceId, that.traceId)
        && errors.equals(that.errors);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, title, status, detail, instance, traceId, errors);
  }

  @Override
  public String toString() {
    return "ValidationProblem{type=" + type + ", title=" + title + ", status=" + status
        + ", detail=" + detail + ", instance=" + instance + ", traceId=" + traceId
        + ", errors=" + errors + "}";
  }

  /** Builds a {@link ValidationProblem}; every field is optional. */
  public static final class Builder {
    private @Nullable String type;
    private @Nullable String title;
    private @Nullable Integer status;
    private @Nullable String detail;
    private @Nullable String instance;
    private @Nullable String traceId;
    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the problem type URI.
     *
     * @param type the type, or null
     * @return this builder
     */
    public Builder type(@Nullable String type) {
      this.type = type;
      return this;
    }

    /**
     * Sets the summary.
     *
     * @param title the title, or null
     * @return this builder
     */
    public Builder title(@Nullable String title) {
      this.title = title;
      return this;
    }

    /**
     * Sets the HTTP status given in the body.
     *
     * @param status the status, or null
     * @return this builder
     */
    public Builder status(@Nullable Integer status) {
      this.status = status;
      return this;
    }

    /**
     * Sets the detail.
     *
     * @param detail the detail, or null
     * @return this builder
     */
    public Builder detail(@Nullable String detail) {
      this.detail = detail;
      return this;
    }

    /**
     * Sets the occurrence URI.
     *
     * @param instance the instance, or null
     * @return this builder
     */
    public Builder instance(@Nullable String instance) {
      this.instance = instance;
      return this;
    }

    /**
     * Sets the server's trace id.
     *
     * @param traceId the trace id, or null
     * @return this builder
     */
    public Builder traceId(@Nullable String traceId) {
      this.traceId = traceId;
      return this;
    }

    /**
     * Adds one broken rule for a field (after any already added for it).
     *
     * @param field the JSON field name, e.g. {@code phoneNumber}
     * @param message the rule, e.g. {@code is required}
     * @return this builder
     */
    public Builder error(String field, String message) {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
      List<String> messages = errors.get(field);
      if (messages == null) {
        messages = new java.util.ArrayList<>(2);
        errors.put(field, messages);
      }
      messages.add(message);
      return this;
    }

    /**
     * Replaces all field errors.
     *
     * @param errors field name to broken rules
     * @return this builder
     */
    public Builder errors(Map<String, ? extends List<String>> errors) {
      Objects.requireNonNull(errors, "errors");
      Map<String, List<String>> copy = Copies.errors(errors);
      this.errors.clear();
      for (Map.Entry<String, List<String>> entry : copy.entrySet()) {
        this.errors.put(entry.getKey(), new java.util.ArrayList<>(entry.getValue()));
      }
      return this;
    }

    /**
     * Builds the immutable problem.
     *
     * @return the problem
     */
    public ValidationProblem build() {
      return new ValidationProblem(this);
    }
  }
}
