package org.nlpearl4j.spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads the merged NLPearl OpenAPI document that this artifact carries on the classpath.
 *
 * <pre>{@code
 * String yaml = NlPearlSpec.yaml();   // the same text as api-spec/src/main/openapi/nlpearl.yaml
 * }</pre>
 */
public final class NlPearlSpec {
  /** The classpath location of the merged document. */
  public static final String RESOURCE = "org/nlpearl4j/spec/nlpearl.yaml";

  private NlPearlSpec() {}

  /**
   * Returns the merged OpenAPI document as YAML text.
   *
   * @return the document
   * @throws IllegalStateException if the resource is missing from the classpath
   */
  public static String yaml() {
    try (InputStream in = NlPearlSpec.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      return new String(out.toByteArray(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
