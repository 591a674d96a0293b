/**
 * The public nlpearl4j API: a reactive, validated client for the NLPearl API.
 *
 * <p>Start with {@link org.nlpearl4j.NlPearl#builder()}. Every type in this package is null-marked:
 * parameters and return values are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package org.nlpearl4j;

import org.jspecify.annotations.NullMarked;
