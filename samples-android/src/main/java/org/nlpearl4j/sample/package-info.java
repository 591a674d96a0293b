/**
 * The nlpearl4j Android sample: a field-sales rep captures a prospect, adds them to an NLPearl
 * campaign and marks the outcome.
 */
@NullMarked
package org.nlpearl4j.sample;

import org.jspecify.annotations.NullMarked;
