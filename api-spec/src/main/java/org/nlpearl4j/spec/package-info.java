/**
 * The vendored NLPearl documentation pages and the tools that turn them into one OpenAPI document:
 * {@link org.nlpearl4j.spec.SpecMerger} (merge), {@link org.nlpearl4j.spec.PageRefresher}
 * (download) and {@link org.nlpearl4j.spec.NlPearlSpec} (load the merged document from the
 * classpath).
 */
@NullMarked
package org.nlpearl4j.spec;

import org.jspecify.annotations.NullMarked;
