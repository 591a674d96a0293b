package org.nlpearl4j.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.Lead;

/** Records what the presenter shows, and on which thread. */
final class FakeView implements ProspectPresenter.View {
  final List<String> events = new ArrayList<>();
  final List<Thread> threads = new ArrayList<>();
  Map<ProspectField, List<String>> fieldErrors = Collections.emptyMap();
  @Nullable String addedLeadId;
  @Nullable Lead lead;
  @Nullable Failure failure;
  ProspectPresenter.@Nullable Work working;
  int queued;
  /** The list as last shown (not an event: it is redrawn on every change of the outbox). */
  volatile List<LeadRow> rows = Collections.emptyList();

  /** The row of an entry, or null when the list does not show it. */
  @Nullable LeadRow row(@Nullable String entryId) {
    for (LeadRow row : rows) {
      if (row.getEntryId().equals(entryId)) {
        return row;
      }
    }
    return null;
  }

  @Override
  public void showFieldErrors(Map<ProspectField, List<String>> errors) {
    record("fieldErrors " + errors.keySet());
    fieldErrors = errors;
  }

  @Override
  public void showWorking(ProspectPresenter.@Nullable Work work) {
    record("working " + work);
    working = work;
  }

  @Override
  public void showQueued() {
    record("queued");
    queued++;
  }

  @Override
  public void showLeads(List<LeadRow> rows) {
    this.rows = rows;
  }

  @Override
  public void showAdded(String leadId) {
    record("added");
    addedLeadId = leadId;
  }

  @Override
  public void showLead(Lead lead) {
    record("lead " + lead.getStatus());
    this.lead = lead;
  }

  @Override
  public void showFailure(Failure failure) {
    record("failure " + (failure.isStorage() ? "STORAGE" : failure.getReason()));
    this.failure = failure;
  }

  private void record(String event) {
    events.add(event);
    threads.add(Thread.currentThread());
  }
}
