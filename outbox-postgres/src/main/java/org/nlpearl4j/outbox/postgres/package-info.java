/**
 * The lead outbox on a PostgreSQL table that every instance of a service shares: start with
 * {@link org.nlpearl4j.outbox.postgres.PostgresOutbox#builder()}. Every type in this package is
 * null-marked.
 */
@NullMarked
package org.nlpearl4j.outbox.postgres;

import org.jspecify.annotations.NullMarked;
