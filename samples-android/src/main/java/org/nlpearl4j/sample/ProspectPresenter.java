package org.nlpearl4j.sample;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import io.reactivex.rxjava3.functions.Consumer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.Lead;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.ValidationProblem;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.outbox.OutboxException;

/**
 * The prospect screen's logic, in plain Java: validates the form, puts the prospect in the durable
 * lead outbox (so it survives no signal and process death, and is added once), lists every prospect
 * kept on the phone with where its add stands, marks the lead's outcome, and turns every failure
 * into something the rep can act on.
 *
 * <p>It never touches Android: the screen hands it the schedulers ({@code io} for the SDK's calls,
 * {@code main} for delivering results), so tests run it with any scheduler. Call {@link #dispose()}
 * when the screen goes away: an in-flight update is cancelled and no result reaches the old view.
 * Adds are not cancelled: the outbox belongs to the {@link LeadConnection}, which outlives screens.
 */
public final class ProspectPresenter {
  /** What the presenter drives; implemented by the activity, or by a fake in tests. */
  public interface View {
    /** Shows the broken rules next to their fields; an empty map clears every field's error. */
    void showFieldErrors(Map<ProspectField, List<String>> errors);

    /** Shows that a request is running, or that none is ({@code null}). */
    void showWorking(@Nullable Work work);

    /** The prospect is saved on the phone and will be sent as soon as possible: clear the form. */
    void showQueued();

    /** Every prospect kept on the phone, oldest first, with where its add stands. */
    void showLeads(List<LeadRow> rows);

    /** The prospect captured on this screen is now a lead of the campaign. */
    void showAdded(String leadId);

    /** The lead as NLPearl reported it after an update: status and last call. */
    void showLead(Lead lead);

    /**
     * Something went wrong; the screen puts it in words, including whether NLPearl may have acted
     * anyway ({@link Failure#getDelivery()}).
     */
    void showFailure(Failure failure);
  }

  /** The request in progress. */
  public enum Work {
    /** Adding the prospect to the campaign (saving it in the outbox, then sending it). */
    ADDING,
    /** Updating the lead's status. */
    UPDATING,
    /** Sending the prospects kept on the phone (never shown as work: the list shows it). */
    SENDING
  }

  /** A deliberately loose check: something@something.tld, no spaces. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  static final String EMAIL_RULE = "is not an email address";

  private final LeadConnection connection;
  private final NlPearl client;
  private final LeadOutbox outbox;
  private final String campaignId;
  private final Scheduler io;
  private final Scheduler main;
  private final CompositeDisposable running = new CompositeDisposable();
  private @Nullable View view;
  private @Nullable String leadId;
  private @Nullable String entryId;
  private @Nullable Work work;

  /**
   * Creates the presenter.
   *
   * @param connection the client, the outbox and the campaign (shared; not closed by the presenter)
   * @param io where the SDK's calls are subscribed
   * @param main where results are delivered to the view (Android's main thread in the app)
   */
  ProspectPresenter(LeadConnection connection, Scheduler io, Scheduler main) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.client = connection.client();
    this.outbox = connection.outbox();
    this.campaignId = connection.campaignId();
    this.io = Objects.requireNonNull(io, "io");
    this.main = Objects.requireNonNull(main, "main");
  }

  /**
   * Connects the view: it gets the prospects kept on the phone now, and every change from now on
   * (on {@code main}), and senders' failures (e.g. a refused token).
   */
  public void attach(View view) {
    this.view = Objects.requireNonNull(view, "view");
    running.add(outbox.changes().observeOn(main).subscribe(change -> showLeads()));
    running.add(
        connection.sendFailures().observeOn(main).subscribe(error -> fail(Work.SENDING, error)));
    showLeads();
  }

  /** Cancels in-flight calls and forgets the view; the presenter is not used after this. */
  public void dispose() {
    view = null;
    running.dispose();
    work = null;
  }

  /** Whether {@link #dispose()} was called. */
  public boolean isDisposed() {
    return running.isDisposed();
  }

  /** The id of the lead added last, or null before the first add. */
  public @Nullable String getLeadId() {
    return leadId;
  }

  /** The outbox entry of the prospect captured on this screen, or null. */
  public @Nullable String getEntryId() {
    return entryId;
  }

  /** Brings back the lead of a previous screen (after a rotation or process death). */
  public void restoreLead(String leadId) {
    this.leadId = Objects.requireNonNull(leadId, "leadId");
  }

  /**
   * Brings back the prospect captured on a previous screen whose add had not finished (after a
   * rotation or process death): its lead is shown once the outbox has added it.
   */
  public void restoreEntry(String entryId) {
    this.entryId = Objects.requireNonNull(entryId, "entryId");
    showLeads();
  }

  /** Forgets the current lead, for the next prospect (it stays in the list). */
  public void startOver() {
    leadId = null;
    entryId = null;
  }

  /** Sends what waits in the outbox now, e.g. when the phone comes back online. */
  public void sendNow() {
    if (view != null) {
      connection.send();
    }
  }

  /**
   * Puts an unknown add back in the queue and sends it, on the rep's decision after checking the
   * campaign: if NLPearl did add it, it is added twice.
   */
  public void retry(String entryId) {
    if (view == null) {
      return;
    }
    running.add(outbox.retry(entryId).observeOn(main)
        .subscribe(connection::send, error -> fail(Work.ADDING, error)));
  }

  /** Removes a prospect from the phone (e.g. an unknown add the rep found in the campaign). */
  public void forget(String entryId) {
    if (view == null) {
      return;
    }
    if (entryId.equals(this.entryId) && leadId == null) {
      this.entryId = null;
    }
    running.add(outbox.forget(entryId).observeOn(main)
        .subscribe(() -> { }, error -> fail(Work.ADDING, error)));
  }

  /** The request in progress, or null. */
  public @Nullable Work getWork() {
    return work;
  }

  /**
   * Validates the form and, when it is valid, saves the prospect in the outbox (on disk), then
   * starts sending: with no signal it waits there, and is sent when the phone is back online.
   *
   * <p>Broken rules (the SDK's, plus this app's email check) are shown on their fields and nothing
   * is saved. Ignored while a request is running.
   */
  public void add(Prospect prospect) {
    View v = view;
    if (v == null || work != null) {
      return;
    }
    Map<String, List<String>> problems = new LinkedHashMap<>();
    NewLead lead = null;
    try {
      lead = prospect.toNewLead();
    } catch (InvalidRequestException e) {
      problems.putAll(e.getProblems());
    }
    if (!prospect.getEmail().isEmpty() && !EMAIL.matcher(prospect.getEmail()).matches()) {
      problems.computeIfAbsent(ProspectField.EMAIL.requestField(), k -> new ArrayList<>())
          .add(EMAIL_RULE);
    }
    if (!problems.isEmpty() || lead == null) {
      v.showFailure(problems(v, problems, Work.ADDING, FailureReason.INVALID_REQUEST, Delivery.NEVER_SENT, 0,
          ""));
      return;
    }
    v.showFieldErrors(Collections.emptyMap());
    run(Work.ADDING, outbox.add(campaignId, lead), id -> {
      entryId = id;
      leadId = null;
      View current = view;
      if (current != null) {
        current.showQueued();
        showLeads();
      }
      connection.send();
    });
  }

  /** Lists what the outbox holds, and shows this screen's prospect once it is added. */
  private void showLeads() {
    View v = view;
    if (v == null) {
      return;
    }
    List<LeadRow> rows = new ArrayList<>();
    for (OutboxEntry entry : outbox.entries()) {
      LeadRow row = LeadRow.of(entry);
      if (row != null) {
        rows.add(row);
      }
      String added = entry.getLeadId();
      if (entry.getId().equals(entryId) && entry.getState() == EntryState.ADDED
          && added != null && !added.equals(leadId)) {
        leadId = added;
        v.showAdded(added);
      }
    }
    v.showLeads(rows);
  }

  /**
   * Sets the current lead's status, e.g. once the rep knows the outcome of NLPearl's call, and shows
   * the lead as NLPearl reports it. Ignored before a lead was added or while a request is running.
   */
  public void mark(SettableLeadStatus status) {
    Objects.requireNonNull(status, "status");
    String id = leadId;
    if (view == null || work != null || id == null) {
      return;
    }
    run(Work.UPDATING, client.pearl(campaignId).updateLead(id, update -> update.status(status)),
        lead -> {
          View current = view;
          if (current != null) {
            current.showLead(lead);
          }
        });
  }

  private <T> void run(Work what, Single<T> call, Consumer<T> onSuccess) {
    work = what;
    Objects.requireNonNull(view).showWorking(what);
    running.add(
        call.subscribeOn(io)
            .observeOn(main)
            .doFinally(this::idle)
            .subscribe(onSuccess, error -> fail(what, error)));
  }

  private void idle() {
    work = null;
    View v = view;
    if (v != null) {
      v.showWorking(null);
    }
  }

  private void fail(Work what, Throwable error) {
    View v = view;
    if (v == null) {
      return;
    }
    v.showFailure(toFailure(what, error, v));
  }

  /**
   * Turns an error into what the rep can act on. The SDK tells what happened ({@link
   * FailureReason}) and whether NLPearl may have acted ({@link NlPearlException#getDelivery()}); an
   * error that is not the SDK's is counted as "may have acted", the safe assumption for an add.
   * Only the phone's own storage failing is the app's to name.
   */
  private static Failure toFailure(Work what, Throwable error, View v) {
    if (error instanceof OutboxException) {
      // The phone could not save (or read back) the lead: nothing was sent.
      return new Failure(what, null, Delivery.NEVER_SENT, 0, String.valueOf(error.getMessage()));
    }
    FailureReason reason = FailureReason.of(error);
    NlPearlException sdk = error instanceof NlPearlException ? (NlPearlException) error : null;
    Delivery delivery = sdk != null ? sdk.getDelivery() : Delivery.UNKNOWN;
    int status = sdk != null ? sdk.getStatusCode() : 0;
    ValidationProblem problem = sdk != null ? sdk.getProblem() : null;
    Map<String, List<String>> named =
        problem != null ? problem.getErrors() : Collections.<String, List<String>>emptyMap();
    switch (reason) {
      case INVALID_REQUEST:
        return problems(v, named, what, reason, delivery, 0, "");
      case REJECTED:
        String title = problem != null && problem.getTitle() != null ? problem.getTitle() : "";
        return problems(v, named, what, reason, delivery, status, title);
      case AUTHENTICATION:
      case NOT_FOUND:
      case RATE_LIMITED:
      case SERVER_ERROR:
        return new Failure(what, reason, delivery, status, "");
      case NETWORK_BEFORE_SENDING:
      case NETWORK_AFTER_SENDING:
      case TIMEOUT:
      case ANSWER_CUT_SHORT:
        return new Failure(what, reason, delivery, status, String.valueOf(error.getMessage()));
      default:
        String message = error.getMessage();
        return new Failure(what, reason, delivery, status,
            message != null ? message : error.getClass().getSimpleName());
    }
  }

  /** Shows field problems; reports the rest (keys no field shows) through the failure's detail. */
  private static Failure problems(View v, Map<String, List<String>> problems, Work what,
      FailureReason reason, Delivery delivery, int status, String fallback) {
    Map<ProspectField, List<String>> byField = new EnumMap<>(ProspectField.class);
    List<String> unplaced = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : problems.entrySet()) {
      ProspectField field = ProspectField.forProblemKey(entry.getKey());
      if (field == null) {
        for (String rule : entry.getValue()) {
          unplaced.add(entry.getKey() + " " + rule);
        }
      } else {
        byField.computeIfAbsent(field, f -> new ArrayList<>()).addAll(entry.getValue());
      }
    }
    v.showFieldErrors(byField);
    return new Failure(what, reason, delivery, status,
        unplaced.isEmpty() ? fallback : String.join("; ", unplaced));
  }
}
