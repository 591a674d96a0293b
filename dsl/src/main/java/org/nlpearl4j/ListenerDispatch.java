package org.nlpearl4j;

import io.reactivex.rxjava3.exceptions.Exceptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.CallObserver;
import org.nlpearl4j.internal.CallProbe;

/**
 * Turns the engine's probes into listener events; a listener that throws is contained here and
 * logged once per client, so the call goes on.
 */
final class ListenerDispatch implements CallObserver {
  private static final Logger LOG = Logger.getLogger(NlPearlListener.class.getName());

  private final NlPearlListener[] listeners;
  private final AtomicLong callIds = new AtomicLong();
  private final AtomicBoolean reported = new AtomicBoolean();

  ListenerDispatch(List<NlPearlListener> listeners) {
    this.listeners = listeners.toArray(new NlPearlListener[0]);
  }

  @Override
  public CallProbe start(String operation, @Nullable Object request, @Nullable String leadId) {
    return new Probe(new CallContext(operation, callIds.incrementAndGet(), request), leadId);
  }

  /** Gives {@code event} to each listener in turn, containing what a listener throws. */
  private <E> void dispatch(BiConsumer<NlPearlListener, E> method, E event, String name) {
    for (NlPearlListener listener : listeners) {
      try {
        method.accept(listener, event);
      } catch (Throwable failure) {
        contain(failure, listener, name);
      }
    }
  }

  private void contain(Throwable failure, NlPearlListener listener, String method) {
    Exceptions.throwIfFatal(failure);
    if (reported.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "NlPearlListener " + listener.getClass().getName() + "." + method
          + " threw; the call goes on (further listener failures of this client are logged at"
          + " FINE)", failure);
    } else if (LOG.isLoggable(Level.FINE)) {
      LOG.log(Level.FINE, "NlPearlListener " + listener.getClass().getName() + "." + method
          + " threw", failure);
    }
  }

  private final class Probe implements CallProbe {
    private final CallContext call;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile @Nullable String leadId;
    private volatile int attempts;
    private volatile long attemptStartNanos;
    private volatile int statusCode;
    private volatile @Nullable String requestId;

    Probe(CallContext call, @Nullable String leadId) {
      this.call = call;
      this.leadId = leadId;
    }

    @Override
    public void attemptStarted() {
      attemptStartNanos = System.nanoTime();
      int attempt = ++attempts; // attempts are sequential: one writer at a time
      AttemptStarted event = new AttemptStarted(call, attempt);
      dispatch(NlPearlListener::onAttemptStart, event, "onAttemptStart");
    }

    @Override
    public void responded(int statusCode, @Nullable String requestId) {
      Duration latency = Duration.ofNanos(System.nanoTime() - attemptStartNanos);
      this.statusCode = statusCode;
      this.requestId = requestId;
      ResponseReceived event = new ResponseReceived(call, attempts, statusCode, requestId, latency);
      dispatch(NlPearlListener::onResponse, event, "onResponse");
    }

    @Override
    public void retryScheduled(Duration delay, Throwable failure) {
      RetryScheduled event = new RetryScheduled(call, attempts, delay, failure);
      dispatch(NlPearlListener::onRetry, event, "onRetry");
    }

    @Override
    public void succeeded(@Nullable String leadId) {
      if (leadId != null) {
        this.leadId = leadId;
      }
      end(null, false);
    }

    @Override
    public void failed(Throwable failure) {
      end(failure, false);
    }

    @Override
    public void canceled() {
      end(null, true);
    }

    private void end(@Nullable Throwable failure, boolean canceled) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      int status = statusCode;
      String id = requestId;
      if (failure instanceof NlPearlException) {
        // The final attempt's answer, as the exception reports it (0 and null: none came).
        NlPearlException sdk = (NlPearlException) failure;
        status = sdk.getStatusCode();
        id = sdk.getRequestId();
      }
      CallEnded event = new CallEnded(call, failure, canceled, attempts,
          Duration.ofNanos(System.nanoTime() - startNanos), status, id, leadId);
      dispatch(NlPearlListener::onCallEnd, event, "onCallEnd");
    }
  }
}
