/**
 * A durable lead outbox: leads are written to disk before {@code add} returns and sent to NLPearl
 * when the network allows, each ending added, rejected or unknown, never sent twice on its own.
 *
 * <p>Start with {@link org.nlpearl4j.outbox.LeadOutbox#open(java.io.File, org.nlpearl4j.NlPearl)}.
 * Every type in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package org.nlpearl4j.outbox;

import org.jspecify.annotations.NullMarked;
