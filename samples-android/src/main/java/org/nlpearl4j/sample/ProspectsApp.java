package org.nlpearl4j.sample;

import android.app.Application;
import android.content.Context;
import android.net.ConnectivityManager;
import android.net.Network;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.File;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.android.OutboxJobHost;
import org.nlpearl4j.android.OutboxJobService;
import org.nlpearl4j.android.OutboxJobs;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;

/**
 * The process: owns the {@link LeadConnection} (client and lead outbox) that every screen shares, and
 * the network callback that starts sending when the phone comes back online.
 *
 * <p>The outbox lives in {@code getNoBackupFilesDir()/lead-outbox}: the app's private storage (phone
 * numbers and call data are personal data), left out of cloud backups and device transfers (a lead
 * restored onto another phone would be sent twice). Sending happens while the process lives, and in
 * the background: the app schedules nlpearl4j-android's {@link OutboxJobService} at start and
 * whenever a prospect waits, and hands it the outbox ({@link OutboxJobHost}), so that prospects
 * captured just before the app was swiped away are sent when the phone has a network, without
 * opening it.
 */
public final class ProspectsApp extends Application implements OutboxJobHost {
  /** The outbox's directory under {@link Context#getNoBackupFilesDir()}. */
  static final String OUTBOX_DIRECTORY = "lead-outbox";

  private final Object lock = new Object();
  /** The connection for {@link #key}, opened off the main thread; cached for every screen. */
  private @Nullable Single<LeadConnection> connection;
  private String key = "";
  /** The connection once open, for the network callback. */
  private volatile @Nullable LeadConnection opened;
  private volatile boolean online = true;

  @Override
  public void onCreate() {
    super.onCreate();
    OutboxJobs.schedule(this); // what waits since the last run (the job is kept across restarts)
    ConnectivityManager connectivity = getSystemService(ConnectivityManager.class);
    if (connectivity != null) {
      connectivity.registerDefaultNetworkCallback(new ConnectivityManager.NetworkCallback() {
        @Override
        public void onAvailable(Network network) {
          online = true;
          LeadConnection c = opened;
          if (c != null) {
            c.setOnline(true); // sends what waits
          }
        }

        @Override
        public void onLost(Network network) {
          online = false;
          LeadConnection c = opened;
          if (c != null) {
            c.setOnline(false);
          }
        }
      });
    }
  }

  /** The directory of the lead outbox. */
  File outboxDirectory() {
    return new File(getNoBackupFilesDir(), OUTBOX_DIRECTORY);
  }

  /**
   * The connection for the current settings: opened (off the main thread) on first use, shared
   * afterwards, and reopened when the settings changed (the old one is closed first: the outbox
   * directory is open once at a time).
   */
  Single<LeadConnection> connect(AppSettings settings) {
    String current = settings.baseUrl() + '\n' + settings.token() + '\n' + settings.campaignId();
    synchronized (lock) {
      Single<LeadConnection> existing = connection;
      if (existing != null && current.equals(key)) {
        return existing;
      }
      String baseUrl = settings.baseUrl();
      String token = settings.token();
      String campaignId = settings.campaignId();
      File directory = outboxDirectory();
      Single<LeadConnection> next = closing(existing)
          .andThen(Single.fromCallable(() -> LeadConnection.open(
              directory, baseUrl, token, campaignId, BuildConfig.DEV_CLEARTEXT_HOST)))
          .subscribeOn(Schedulers.io())
          .doOnSuccess(c -> {
            c.setOnline(online);
            opened = c;
            scheduleWhileWaiting(c.outbox());
          })
          .cache();
      connection = next;
      key = current;
      return next;
    }
  }

  /**
   * The outbox for {@link OutboxJobService}: the connection the screens share, opened with the saved
   * settings when the process was started for the job; none before a token is set.
   */
  @Override
  public @Nullable LeadOutbox outboxForJob() {
    AppSettings settings = AppSettings.of(this);
    if (settings.token().trim().isEmpty()) {
      return null; // nothing can be sent yet; saving the settings opens a connection, which schedules
    }
    return connect(settings).blockingGet().outbox();
  }

  /**
   * Schedules the background job whenever a prospect starts (or goes back to) waiting: after each
   * add, and when a send found no network. Ends when the outbox is closed.
   */
  private void scheduleWhileWaiting(LeadOutbox outbox) {
    if (outbox.entries().stream().anyMatch(e -> e.getState() == EntryState.WAITING)) {
      OutboxJobs.schedule(this);
    }
    outbox.changes()
        .filter(e -> e.getState() == EntryState.WAITING)
        .subscribe(e -> OutboxJobs.schedule(this), error -> { });
  }

  /**
   * Closes the connection, as the process dying would (the outbox's in-flight lead reads back as
   * unknown); the next {@link #connect} opens the outbox again from its directory.
   */
  void disconnect() {
    Single<LeadConnection> existing;
    synchronized (lock) {
      existing = connection;
      connection = null;
      key = "";
    }
    closing(existing).blockingAwait();
  }

  private Completable closing(@Nullable Single<LeadConnection> existing) {
    if (existing == null) {
      return Completable.complete();
    }
    return existing
        .flatMapCompletable(c -> Completable.fromAction(() -> {
          if (opened == c) {
            opened = null;
          }
          c.close();
        }))
        .onErrorComplete();
  }
}
