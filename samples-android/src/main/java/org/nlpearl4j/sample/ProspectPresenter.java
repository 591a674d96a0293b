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
import org.nlpearl4j.AuthenticationException;
import org.nlpearl4j.BadRequestException;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.Lead;
import org.nlpearl4j.NetworkException;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.NotFoundException;
import org.nlpearl4j.RateLimitedException;
import org.nlpearl4j.ServerException;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.ValidationProblem;

/**
 * The prospect screen's logic, in plain Java: validates the form, adds the prospect to the campaign,
 * marks the lead's outcome, and turns every failure into something the rep can act on.
 *
 * <p>It never touches Android: the screen hands it the schedulers ({@code io} for the SDK's calls,
 * {@code main} for delivering results), so tests run it with any scheduler. Call {@link #dispose()}
 * when the screen goes away: in-flight HTTP calls are cancelled and no result reaches the old view.
 */
public final class ProspectPresenter {
  /** What the presenter drives; implemented by the activity, or by a fake in tests. */
  public interface View {
    /** Shows the broken rules next to their fields; an empty map clears every field's error. */
    void showFieldErrors(Map<ProspectField, List<String>> errors);

    /** Shows that a request is running, or that none is ({@code null}). */
    void showWorking(@Nullable Work work);

    /** The prospect is now a lead of the campaign. */
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
    /** Adding the prospect to the campaign. */
    ADDING,
    /** Updating the lead's status. */
    UPDATING
  }

  /** A deliberately loose check: something@something.tld, no spaces. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  static final String EMAIL_RULE = "is not an email address";

  private final NlPearl client;
  private final String campaignId;
  private final Scheduler io;
  private final Scheduler main;
  private final CompositeDisposable running = new CompositeDisposable();
  private @Nullable View view;
  private @Nullable String leadId;
  private @Nullable Work work;

  /**
   * Creates the presenter.
   *
   * @param client the SDK client (shared; not closed by the presenter)
   * @param campaignId the outbound campaign, which is also the Pearl that owns its leads
   * @param io where the SDK's calls are subscribed
   * @param main where results are delivered to the view (Android's main thread in the app)
   */
  public ProspectPresenter(NlPearl client, String campaignId, Scheduler io, Scheduler main) {
    this.client = Objects.requireNonNull(client, "client");
    this.campaignId = Objects.requireNonNull(campaignId, "campaignId");
    this.io = Objects.requireNonNull(io, "io");
    this.main = Objects.requireNonNull(main, "main");
  }

  /** Connects the view; results arrive there from now on. */
  public void attach(View view) {
    this.view = Objects.requireNonNull(view, "view");
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

  /** Brings back the lead of a previous screen (after a rotation or process death). */
  public void restoreLead(String leadId) {
    this.leadId = Objects.requireNonNull(leadId, "leadId");
  }

  /** Forgets the current lead, for the next prospect. */
  public void startOver() {
    leadId = null;
  }

  /** The request in progress, or null. */
  public @Nullable Work getWork() {
    return work;
  }

  /**
   * Validates the form and, when it is valid, adds the prospect to the campaign.
   *
   * <p>Broken rules (the SDK's, plus this app's email check) are shown on their fields and nothing
   * is sent. Ignored while a request is running.
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
      v.showFailure(problems(v, problems, Work.ADDING, Failure.Kind.INVALID, Delivery.NEVER_SENT, 0,
          ""));
      return;
    }
    v.showFieldErrors(Collections.emptyMap());
    run(Work.ADDING, client.outbound(campaignId).addLead(lead), id -> {
      leadId = id;
      View current = view;
      if (current != null) {
        current.showAdded(id);
      }
    });
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
   * Sorts an error into what the rep can act on. The SDK tells whether NLPearl may have acted
   * ({@link NlPearlException#getDelivery()}); an error that is not the SDK's is counted as "may have
   * acted", the safe assumption for an add.
   */
  private static Failure toFailure(Work what, Throwable error, View v) {
    Delivery delivery = error instanceof NlPearlException
        ? ((NlPearlException) error).getDelivery() : Delivery.UNKNOWN;
    int status = error instanceof NlPearlException ? ((NlPearlException) error).getStatusCode() : 0;
    if (error instanceof InvalidRequestException) {
      return problems(v, ((InvalidRequestException) error).getProblems(), what,
          Failure.Kind.INVALID, delivery, 0, "");
    }
    if (error instanceof BadRequestException) {
      BadRequestException bad = (BadRequestException) error;
      ValidationProblem problem = bad.getProblem();
      String title = problem != null && problem.getTitle() != null ? problem.getTitle() : "";
      return problems(v, bad.getProblems(), what, Failure.Kind.REJECTED, delivery, status, title);
    }
    Failure.Kind kind;
    String detail = "";
    if (error instanceof AuthenticationException) {
      kind = Failure.Kind.AUTHENTICATION;
    } else if (error instanceof NotFoundException) {
      kind = Failure.Kind.NOT_FOUND;
    } else if (error instanceof RateLimitedException) {
      kind = Failure.Kind.RATE_LIMITED;
    } else if (error instanceof ServerException) {
      kind = Failure.Kind.SERVER;
    } else if (error instanceof NetworkException) {
      kind = Failure.Kind.NETWORK;
      detail = String.valueOf(error.getMessage());
    } else {
      kind = Failure.Kind.UNEXPECTED;
      String message = error.getMessage();
      detail = message != null ? message : error.getClass().getSimpleName();
    }
    return new Failure(what, kind, delivery, status, detail);
  }

  /** Shows field problems; reports the rest (keys no field shows) through the failure's detail. */
  private static Failure problems(View v, Map<String, List<String>> problems, Work what,
      Failure.Kind kind, Delivery delivery, int status, String fallback) {
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
    return new Failure(what, kind, delivery, status,
        unplaced.isEmpty() ? fallback : String.join("; ", unplaced));
  }
}
