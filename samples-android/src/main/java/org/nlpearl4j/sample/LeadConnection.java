package org.nlpearl4j.sample;

import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import io.reactivex.rxjava3.observers.DisposableCompletableObserver;
import io.reactivex.rxjava3.subjects.PublishSubject;
import io.reactivex.rxjava3.subjects.Subject;
import java.io.File;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.outbox.LeadOutbox;

/**
 * The SDK client and the lead outbox for one set of settings, shared by every screen of the process
 * (it outlives rotations and screens, so a lead being sent is never cancelled because the rep moved
 * on). Plain Java: the JVM tests and the R8 proof use it without Android.
 */
final class LeadConnection implements AutoCloseable {
  private final NlPearl client;
  private final LeadOutbox outbox;
  private final String campaignId;
  private final CompositeDisposable senders = new CompositeDisposable();
  private final Subject<Throwable> sendFailures = PublishSubject.<Throwable>create().toSerialized();
  /** What the phone last said about the network; without one, nothing is tried. */
  private volatile boolean online = true;

  private LeadConnection(NlPearl client, LeadOutbox outbox, String campaignId) {
    this.client = client;
    this.outbox = outbox;
    this.campaignId = campaignId;
  }

  /**
   * Builds the client and opens the outbox in {@code directory}, reading back every lead the app
   * kept there (also after the process was killed). Blocks on disk I/O: call it off the main thread.
   *
   * @throws IllegalArgumentException if the address or token is malformed, or the address is plain
   *     http to a host this build does not allow (the message never contains the secret key)
   * @throws IllegalStateException if no token is set
   * @throws org.nlpearl4j.outbox.OutboxException if the outbox cannot be opened (locked, damaged or
   *     unreadable)
   */
  static LeadConnection open(File directory, String baseUrl, String token, String campaignId,
      String devCleartextHost) {
    NlPearl client = NlPearlClients.create(baseUrl, token, devCleartextHost);
    try {
      // The app names a campaign by one id; the outbox looks uncertain adds up by it (the Pearl id).
      LeadOutbox outbox = LeadOutbox.builder().directory(directory).client(client)
          .pearlId(campaignId, campaignId).open();
      return new LeadConnection(client, outbox, campaignId);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  NlPearl client() {
    return client;
  }

  LeadOutbox outbox() {
    return outbox;
  }

  /** The campaign new prospects are added to (entries already queued keep their own). */
  String campaignId() {
    return campaignId;
  }

  /**
   * Records whether the phone has a network (from Android's network callback), and sends what waits
   * when it is back.
   */
  void setOnline(boolean online) {
    this.online = online;
    if (online) {
      send();
    }
  }

  /** Whether the phone had a network when it last said. */
  boolean isOnline() {
    return online;
  }

  /**
   * Sends what waits in the outbox, now: after a prospect is captured, when the screen comes back,
   * and when the phone comes back online. Joins the sender when one runs already (the outbox runs
   * one at a time). Does nothing while the phone says it is offline; if the network is gone all
   * the same, the sender stops at its first lead, which keeps waiting.
   */
  void send() {
    synchronized (senders) {
      if (senders.isDisposed() || !online) {
        return;
      }
      DisposableCompletableObserver sender = new DisposableCompletableObserver() {
        @Override
        public void onComplete() {
          senders.delete(this);
        }

        @Override
        public void onError(Throwable error) {
          senders.delete(this);
          sendFailures.onNext(error);
        }
      };
      senders.add(sender);
      outbox.drain().subscribe(sender);
    }
  }

  /**
   * Why a sender stopped early, e.g. NLPearl refused the token (the leads keep waiting). Hot; items
   * arrive on the outbox's thread.
   */
  Observable<Throwable> sendFailures() {
    return sendFailures.hide();
  }

  /** Stops sending, closes the outbox (a lead in flight reads back as unknown) and the client. */
  @Override
  public void close() {
    synchronized (senders) {
      senders.dispose();
    }
    outbox.close();
    client.close();
    sendFailures.onComplete();
  }

  @Override
  public String toString() {
    return "LeadConnection{" + outbox + ", campaign " + campaignId + "}";
  }
}
