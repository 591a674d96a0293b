/**
 * Background sending for Android apps that keep leads in a
 * {@link org.nlpearl4j.outbox.LeadOutbox}: {@link org.nlpearl4j.android.OutboxJobs#schedule} asks
 * Android's {@code JobScheduler} to run {@link org.nlpearl4j.android.OutboxJobService} when the phone
 * has a network, also after the app was swiped away or the phone restarted; the service drains the
 * outbox the app's {@link android.app.Application} gives it through {@link
 * org.nlpearl4j.android.OutboxJobHost}.
 *
 * <p>Every type in this package is null-marked: parameters and return values are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package org.nlpearl4j.android;

import org.jspecify.annotations.NullMarked;
