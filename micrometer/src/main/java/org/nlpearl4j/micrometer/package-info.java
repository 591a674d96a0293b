/**
 * Micrometer metrics for nlpearl4j: {@link org.nlpearl4j.micrometer.NlPearlMetrics}, a listener to
 * add to the client with {@code NlPearl.builder().listener(...)}.
 *
 * <p>Every type in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package org.nlpearl4j.micrometer;

import org.jspecify.annotations.NullMarked;
