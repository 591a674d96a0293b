package org.nlpearl4j.internal.generated.support;

import com.squareup.moshi.Moshi;
import java.time.OffsetDateTime;
import org.nlpearl4j.internal.generated.model.ModelJsonAdapterFactory;

/**
 * Builds the {@link Moshi} that reads and writes the NLPearl API's JSON.
 *
 * <pre>{@code
 * Moshi moshi = ApiMoshi.create();
 * LeadApiView lead = moshi.adapter(LeadApiView.class).fromJson(json);
 * }</pre>
 */
public final class ApiMoshi {
  private ApiMoshi() {
  }

  /**
   * Returns a new Moshi with every generated model adapter, the ASP.NET-tolerant
   * {@link OffsetDateTime} adapter and {@link StrictJson}'s scalar adapters (a number is never read
   * as a string, nor a string as a number, in a list or map either); no model is read or written
   * reflectively.
   *
   * @return a new, immutable and thread-safe Moshi
   */
  public static Moshi create() {
    return new Moshi.Builder()
        .add(StrictJson.FACTORY)
        .add(OffsetDateTime.class, AspNetDateTimeAdapter.INSTANCE.nullSafe())
        .add(ModelJsonAdapterFactory.INSTANCE)
        .build();
  }
}
