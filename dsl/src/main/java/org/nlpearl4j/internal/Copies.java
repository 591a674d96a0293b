package org.nlpearl4j.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Defensive, unmodifiable copies used by the immutable value types. */
public final class Copies {
  private Copies() {}

  /**
   * Returns an unmodifiable copy of a list, refusing null elements.
   *
   * @param list the list to copy
   * @param what what the list holds, for the exception message
   * @param <T> the element type
   * @return the copy
   */
  public static <T> List<T> list(Collection<? extends T> list, String what) {
    if (list.isEmpty()) {
      return Collections.emptyList();
    }
    List<T> copy = new ArrayList<>(list.size());
    for (T item : list) {
      copy.add(Objects.requireNonNull(item, what + " must not contain null"));
    }
    return Collections.unmodifiableList(copy);
  }

  /**
   * Returns an unmodifiable, insertion-ordered copy of a map, refusing null keys and values.
   *
   * @param map the map to copy
   * @param what what the map holds, for the exception message
   * @param <V> the value type
   * @return the copy
   */
  public static <V> Map<String, V> map(Map<String, ? extends V> map, String what) {
    if (map.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, V> copy = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<String, ? extends V> entry : map.entrySet()) {
      copy.put(
          Objects.requireNonNull(entry.getKey(), what + " must not contain a null key"),
          Objects.requireNonNull(entry.getValue(), what + " must not contain a null value"));
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Returns an unmodifiable, insertion-ordered copy of a map whose values may be null (JSON data).
   *
   * @param map the map to copy
   * @param what what the map holds, for the exception message
   * @return the copy
   */
  public static Map<String, @Nullable Object> jsonMap(
      Map<String, ? extends @Nullable Object> map, String what) {
    if (map.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, @Nullable Object> copy = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<String, ? extends @Nullable Object> entry : map.entrySet()) {
      copy.put(
          Objects.requireNonNull(entry.getKey(), what + " must not contain a null key"),
          json(entry.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Returns a deeply unmodifiable copy of a decoded JSON value: maps and lists are copied and
   * wrapped, other values (strings, numbers, booleans) returned as they are.
   *
   * @param value the value, or null
   * @return the frozen value
   */
  public static @Nullable Object json(@Nullable Object value) {
    if (value instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) value;
      Map<Object, @Nullable Object> copy = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        copy.put(entry.getKey(), json(entry.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      List<@Nullable Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(json(item));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  /**
   * Returns an unmodifiable copy of a field-to-messages map (the ValidationProblemDetails shape).
   *
   * @param errors the map to copy
   * @return the deep copy
   */
  public static Map<String, List<String>> errors(Map<String, ? extends List<String>> errors) {
    if (errors.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, List<String>> copy = new LinkedHashMap<>(errors.size() * 2);
    for (Map.Entry<String, ? extends List<String>> entry : errors.entrySet()) {
      String field = Objects.requireNonNull(entry.getKey(), "errors must not contain a null key");
      copy.put(field, list(
          Objects.requireNonNull(entry.getValue(), "errors must not contain a null list"),
          "errors of " + field));
    }
    return Collections.unmodifiableMap(copy);
  }
}
