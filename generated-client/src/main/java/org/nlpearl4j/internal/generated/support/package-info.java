/**
 * Hand-written support for the generated NLPearl client: the Moshi instance with every generated
 * adapter and an ASP.NET-tolerant date-time adapter, the bearer-token interceptor and the Retrofit
 * factory. Internal: the public API is the {@code org.nlpearl4j} facade.
 */
@NullMarked
package org.nlpearl4j.internal.generated.support;

import org.jspecify.annotations.NullMarked;
