/** Internals of the outbox: the journal file and the entry codec. Not public API. */
@NullMarked
package org.nlpearl4j.outbox.internal;

import org.jspecify.annotations.NullMarked;
