/**
 * The storage behind a {@link org.nlpearl4j.outbox.LeadOutbox}, for those who write a store: the
 * journal file in this artifact and the PostgreSQL table in {@code nlpearl4j-outbox-postgres} both
 * implement {@link org.nlpearl4j.outbox.spi.OutboxStore}. Users of the outbox do not need this
 * package. Every type in it is null-marked.
 */
@NullMarked
package org.nlpearl4j.outbox.spi;

import org.jspecify.annotations.NullMarked;
