/**
 * Implementation details of nlpearl4j: mapping to the generated client, HTTP plumbing, validation.
 *
 * <p>Not a public API: anything here may change in any release.
 */
@NullMarked
package org.nlpearl4j.internal;

import org.jspecify.annotations.NullMarked;
