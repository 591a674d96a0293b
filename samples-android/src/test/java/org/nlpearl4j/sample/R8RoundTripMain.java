package org.nlpearl4j.sample;

import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.File;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.Lead;
import org.nlpearl4j.SettableLeadStatus;

/**
 * The app's code path without the Android screen, as the entry point of the R8 proof: R8 shrinks and
 * renames the app and the SDK with the app's rules (this class's {@code main} is kept the way the
 * manifest keeps an activity), and {@code R8RoundTripIT} runs the result on a bare JVM against the
 * sandbox. Prints one line per step; exits non-zero when a step fails.
 *
 * <p>Arguments: the sandbox's base URL, its token, the campaign id, and the base URL of a server that
 * answers the next request with a 400 ValidationProblemDetails. Adds go through the lead outbox (in
 * a temporary directory), which is closed and read back from its files in between, so its journal
 * format survives shrinking too.
 */
public final class R8RoundTripMain {
  private R8RoundTripMain() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String token = args[1];
    String campaign = args[2];
    String rejectingUrl = args[3];
    File outboxDir = Files.createTempDirectory("r8-outbox").toFile();
    BlockingQueue<Runnable> mainThread = new LinkedBlockingQueue<>();
    Screen screen = new Screen();

    try (LeadConnection connection =
            LeadConnection.open(outboxDir, baseUrl, token, campaign, "")) {
      ProspectPresenter presenter =
          new ProspectPresenter(connection, Schedulers.io(), Schedulers.from(mainThread::add));
      presenter.attach(screen);

      presenter.add(new Prospect("+1 (415) 555-0123", "Joe Doe", "joe@example.com", "crm-42",
          ZoneId.of("Europe/Paris")));
      loop(mainThread, () -> screen.idle && (screen.leadId != null || screen.failure != null));
      expectNoFailure(screen);
      System.out.println("added " + screen.leadId);

      for (SettableLeadStatus status : new SettableLeadStatus[] {
          SettableLeadStatus.COMPLETED, SettableLeadStatus.SUCCESS}) {
        screen.lead = null;
        presenter.mark(status);
        loop(mainThread, () -> screen.idle && (screen.lead != null || screen.failure != null));
        expectNoFailure(screen);
        Lead lead = screen.lead;
        System.out.println("lead " + lead.getId() + " " + lead.getStatus() + " " + lead.getPhoneNumber()
            + " " + lead.getTimeZone());
      }

      presenter.add(new Prospect("12", "", "joe@", "", null));
      System.out.println("invalid " + screen.fieldErrors);
      presenter.dispose();
    }

    // The outbox read back from its files (as after process death), with another server.
    screen.failure = null;
    try (LeadConnection rejecting =
            LeadConnection.open(outboxDir, rejectingUrl, token, campaign, "")) {
      ProspectPresenter presenter =
          new ProspectPresenter(rejecting, Schedulers.io(), Schedulers.from(mainThread::add));
      presenter.attach(screen);
      System.out.println("reopened " + screen.rows);
      presenter.add(new Prospect("+14155550123", "", "", "", null));
      loop(mainThread, () -> {
        LeadRow row = screen.row(presenter.getEntryId());
        return row != null && row.getState() == LeadRow.State.REJECTED;
      });
      LeadRow row = screen.row(presenter.getEntryId());
      System.out.println("rejected " + row.getStatusCode() + " " + row.getProblems());
      presenter.dispose();
    }
  }

  private static void expectNoFailure(Screen screen) {
    if (screen.failure != null) {
      System.out.println("failed " + screen.failure);
      System.exit(2);
    }
  }

  private static void loop(BlockingQueue<Runnable> mainThread, BooleanSupplier done)
      throws InterruptedException {
    while (!done.getAsBoolean()) {
      Runnable next = mainThread.poll(30, TimeUnit.SECONDS);
      if (next == null) {
        System.out.println("timed out");
        System.exit(3);
      }
      next.run();
    }
  }

  private static final class Screen implements ProspectPresenter.View {
    @Nullable String leadId;
    @Nullable Lead lead;
    @Nullable Failure failure;
    Map<ProspectField, List<String>> fieldErrors = java.util.Collections.emptyMap();
    boolean idle = true;
    List<LeadRow> rows = java.util.Collections.emptyList();

    @Override
    public void showFieldErrors(Map<ProspectField, List<String>> errors) {
      fieldErrors = errors;
    }

    @Override
    public void showWorking(ProspectPresenter.@Nullable Work work) {
      idle = work == null;
    }

    @Override
    public void showQueued() {
    }

    @Override
    public void showLeads(List<LeadRow> rows) {
      this.rows = rows;
    }

    @Nullable LeadRow row(@Nullable String entryId) {
      for (LeadRow row : rows) {
        if (row.getEntryId().equals(entryId)) {
          return row;
        }
      }
      return null;
    }

    @Override
    public void showAdded(String leadId) {
      this.leadId = leadId;
    }

    @Override
    public void showLead(Lead lead) {
      this.lead = lead;
    }

    @Override
    public void showFailure(Failure failure) {
      this.failure = failure;
    }
  }
}
