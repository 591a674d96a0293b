package org.nlpearl4j.internal.generated.support;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSON scalars only from the JSON type the API documents: a string from a string, a number
 * from a number, a boolean from a boolean.
 *
 * <p>Moshi's {@link JsonReader#nextString()} also answers a number ({@code 6655269800} becomes
 * {@code "6655269800"}) and {@link JsonReader#nextInt()} also parses a string ({@code "1"} becomes
 * 1). A server that sends the wrong type has sent a body the SDK cannot trust, so it is refused with
 * a {@link JsonDataException} naming the JSON path, never coerced. The generated model adapters call
 * these methods, and {@link #FACTORY} (installed by {@link ApiMoshi#create()}) gives the same rule to
 * every scalar inside a list or a map.
 *
 * <pre>{@code
 * String leadId = StrictJson.nextString(reader);   // {"leadId": 42} fails at $.leadId
 * }</pre>
 */
public final class StrictJson {
  private StrictJson() {
  }

  /**
   * Reads a JSON string.
   *
   * @param reader positioned on the value
   * @return the string
   * @throws JsonDataException when the value is a number, boolean, object, array or null
   * @throws IOException when the JSON is malformed
   */
  public static String nextString(JsonReader reader) throws IOException {
    expect(reader, JsonReader.Token.STRING, "a string");
    return reader.nextString();
  }

  /**
   * Reads a JSON number that fits an int without losing anything.
   *
   * @param reader positioned on the value
   * @return the number
   * @throws JsonDataException when the value is not a number (a string holding digits included),
   *     has a fraction or is out of int range
   * @throws IOException when the JSON is malformed
   */
  public static int nextInt(JsonReader reader) throws IOException {
    expect(reader, JsonReader.Token.NUMBER, "an integer");
    return reader.nextInt();
  }

  /**
   * Reads a JSON number that fits a long without losing anything.
   *
   * @param reader positioned on the value
   * @return the number
   * @throws JsonDataException when the value is not a number, has a fraction or is out of range
   * @throws IOException when the JSON is malformed
   */
  public static long nextLong(JsonReader reader) throws IOException {
    expect(reader, JsonReader.Token.NUMBER, "an integer");
    return reader.nextLong();
  }

  /**
   * Reads a JSON number as a double.
   *
   * @param reader positioned on the value
   * @return the number
   * @throws JsonDataException when the value is not a number (a string holding one included)
   * @throws IOException when the JSON is malformed
   */
  public static double nextDouble(JsonReader reader) throws IOException {
    expect(reader, JsonReader.Token.NUMBER, "a number");
    return reader.nextDouble();
  }

  /**
   * Reads a JSON number as a float, refusing one too large for a float to hold.
   *
   * @param reader positioned on the value
   * @return the number narrowed to float
   * @throws JsonDataException when the value is not a number or is out of float range
   * @throws IOException when the JSON is malformed
   */
  public static float nextFloat(JsonReader reader) throws IOException {
    double value = nextDouble(reader);
    float narrowed = (float) value;
    if (Float.isInfinite(narrowed)) {
      throw new JsonDataException("Expected a float but was " + value + " at path " + reader.getPath());
    }
    return narrowed;
  }

  /**
   * Reads a JSON boolean.
   *
   * @param reader positioned on the value
   * @return the boolean
   * @throws JsonDataException when the value is not {@code true} or {@code false}
   * @throws IOException when the JSON is malformed
   */
  public static boolean nextBoolean(JsonReader reader) throws IOException {
    expect(reader, JsonReader.Token.BOOLEAN, "a boolean");
    return reader.nextBoolean();
  }

  private static void expect(JsonReader reader, JsonReader.Token token, String what)
      throws IOException {
    JsonReader.Token actual = reader.peek();
    if (actual != token) {
      throw new JsonDataException(
          "Expected " + what + " but was " + actual + " at path " + reader.getPath());
    }
  }

  /**
   * Strict adapters for {@code String}, {@code int}, {@code long}, {@code float}, {@code double},
   * {@code boolean} and their boxes (boxes null-safe), ahead of Moshi's lenient built-in ones.
   */
  public static final JsonAdapter.Factory FACTORY = StrictJson::create;

  private static @Nullable JsonAdapter<?> create(
      Type type, Set<? extends java.lang.annotation.Annotation> annotations,
      com.squareup.moshi.Moshi moshi) {
    if (!annotations.isEmpty()) {
      return null;
    }
    Scalar scalar;
    if (type == String.class) {
      scalar = Scalar.STRING;
    } else if (type == int.class || type == Integer.class) {
      scalar = Scalar.INT;
    } else if (type == long.class || type == Long.class) {
      scalar = Scalar.LONG;
    } else if (type == float.class || type == Float.class) {
      scalar = Scalar.FLOAT;
    } else if (type == double.class || type == Double.class) {
      scalar = Scalar.DOUBLE;
    } else if (type == boolean.class || type == Boolean.class) {
      scalar = Scalar.BOOLEAN;
    } else {
      return null;
    }
    JsonAdapter<Object> adapter = new ScalarAdapter(scalar);
    return type instanceof Class && ((Class<?>) type).isPrimitive() ? adapter : adapter.nullSafe();
  }

  private enum Scalar { STRING, INT, LONG, FLOAT, DOUBLE, BOOLEAN }

  private static final class ScalarAdapter extends JsonAdapter<Object> {
    private final Scalar scalar;

    ScalarAdapter(Scalar scalar) {
      this.scalar = scalar;
    }

    @Override
    public Object fromJson(JsonReader reader) throws IOException {
      switch (scalar) {
        case STRING:
          return nextString(reader);
        case INT:
          return nextInt(reader);
        case LONG:
          return nextLong(reader);
        case FLOAT:
          return nextFloat(reader);
        case DOUBLE:
          return nextDouble(reader);
        default:
          return nextBoolean(reader);
      }
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable Object value) throws IOException {
      if (value == null) {
        writer.nullValue();
      } else if (value instanceof String) {
        writer.value((String) value);
      } else if (value instanceof Boolean) {
        writer.value((Boolean) value);
      } else {
        writer.value((Number) value);
      }
    }

    @Override
    public String toString() {
      return "StrictJson(" + scalar + ")";
    }
  }
}
