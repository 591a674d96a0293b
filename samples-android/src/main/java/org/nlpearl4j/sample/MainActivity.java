package org.nlpearl4j.sample;

import android.app.Activity;
import android.content.Intent;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.view.View;
import android.widget.AdapterView;
import android.widget.ArrayAdapter;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ProgressBar;
import android.widget.Spinner;
import android.widget.TextView;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.CallStatus;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.LastCall;
import org.nlpearl4j.Lead;
import org.nlpearl4j.LeadStatus;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.outbox.OutboxException;

/**
 * The rep's screen: capture a prospect (saved on the phone at once, sent when there is a network),
 * see every prospect kept on the phone and where its add stands, see the lead's status and last
 * call, and mark the outcome. All logic lives in {@link ProspectPresenter}; this class only binds
 * views and puts results in words.
 */
public final class MainActivity extends Activity implements ProspectPresenter.View {
  private static final String STATE_LEAD_ID = "leadId";
  private static final String STATE_ENTRY_ID = "entryId";

  /** Delivers RxJava results on Android's main thread (what RxAndroid's scheduler does). */
  private final Scheduler mainThread =
      Schedulers.from(new Handler(Looper.getMainLooper())::post);

  private final Map<ProspectField, TextView> fieldErrors = new EnumMap<>(ProspectField.class);
  private EditText phone;
  private EditText name;
  private EditText email;
  private EditText externalId;
  private Spinner timeZone;
  private TextView windowsTimeZone;
  private Button add;
  private ProgressBar progress;
  private TextView message;
  private View leadCard;
  private TextView leadIdView;
  private TextView leadStatus;
  private TextView leadLastCall;
  private TextView leadSummary;
  private Button markCompleted;
  private Button markSuccess;
  private TimeZoneChoices zones;
  private TextView leadsTitle;
  private LinearLayout leads;

  private @Nullable ProspectPresenter presenter;
  /** The connection the presenter uses, to bind a new one when the rep changes the settings. */
  private @Nullable LeadConnection connection;
  private Disposable connecting = Disposable.disposed();
  private @Nullable String restoredLeadId;
  private @Nullable String restoredEntryId;

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    setContentView(R.layout.activity_main);
    phone = findViewById(R.id.phone);
    name = findViewById(R.id.name);
    email = findViewById(R.id.email);
    externalId = findViewById(R.id.external_id);
    timeZone = findViewById(R.id.time_zone);
    windowsTimeZone = findViewById(R.id.windows_time_zone);
    add = findViewById(R.id.add);
    progress = findViewById(R.id.progress);
    message = findViewById(R.id.message);
    leadCard = findViewById(R.id.lead_card);
    leadIdView = findViewById(R.id.lead_id);
    leadStatus = findViewById(R.id.lead_status);
    leadLastCall = findViewById(R.id.lead_last_call);
    leadSummary = findViewById(R.id.lead_summary);
    markCompleted = findViewById(R.id.mark_completed);
    markSuccess = findViewById(R.id.mark_success);
    leadsTitle = findViewById(R.id.leads_title);
    leads = findViewById(R.id.leads);
    fieldErrors.put(ProspectField.PHONE, findViewById(R.id.phone_error));
    fieldErrors.put(ProspectField.NAME, findViewById(R.id.name_error));
    fieldErrors.put(ProspectField.EMAIL, findViewById(R.id.email_error));
    fieldErrors.put(ProspectField.EXTERNAL_ID, findViewById(R.id.external_id_error));
    fieldErrors.put(ProspectField.TIME_ZONE, findViewById(R.id.time_zone_error));

    // The device's zone comes first, so it is preselected; the label shows what NLPearl receives.
    zones = TimeZoneChoices.forDevice(ZoneId.systemDefault());
    List<String> zoneIds = new ArrayList<>();
    for (ZoneId zone : zones.zones()) {
      zoneIds.add(zone.getId());
    }
    ArrayAdapter<String> adapter =
        new ArrayAdapter<>(this, android.R.layout.simple_spinner_item, zoneIds);
    adapter.setDropDownViewResource(android.R.layout.simple_spinner_dropdown_item);
    timeZone.setAdapter(adapter);
    timeZone.setSelection(0);
    showWindowsZone(zones.zones().get(0));
    timeZone.setOnItemSelectedListener(new AdapterView.OnItemSelectedListener() {
      @Override
      public void onItemSelected(AdapterView<?> parent, View view, int position, long id) {
        showWindowsZone(zones.zones().get(position));
      }

      @Override
      public void onNothingSelected(AdapterView<?> parent) {}
    });

    add.setEnabled(false); // until the connection (and the outbox on disk) is open
    add.setOnClickListener(v -> {
      ProspectPresenter p = presenter;
      if (p != null) {
        p.add(readForm());
      }
    });
    markCompleted.setOnClickListener(v -> mark(SettableLeadStatus.COMPLETED));
    markSuccess.setOnClickListener(v -> mark(SettableLeadStatus.SUCCESS));
    findViewById(R.id.new_prospect).setOnClickListener(v -> newProspect());
    findViewById(R.id.open_settings)
        .setOnClickListener(v -> startActivity(new Intent(this, SettingsActivity.class)));

    if (savedInstanceState != null) {
      restoredLeadId = savedInstanceState.getString(STATE_LEAD_ID);
      restoredEntryId = savedInstanceState.getString(STATE_ENTRY_ID);
    }
  }

  @Override
  protected void onResume() {
    super.onResume();
    connect();
  }

  @Override
  protected void onSaveInstanceState(Bundle outState) {
    super.onSaveInstanceState(outState);
    ProspectPresenter p = presenter;
    String leadId = p != null ? p.getLeadId() : restoredLeadId;
    String entryId = p != null ? p.getEntryId() : restoredEntryId;
    if (leadId != null) {
      outState.putString(STATE_LEAD_ID, leadId);
    }
    if (entryId != null) {
      outState.putString(STATE_ENTRY_ID, entryId);
    }
  }

  @Override
  protected void onDestroy() {
    connecting.dispose();
    disconnect();
    super.onDestroy();
  }

  /**
   * Gets the process's connection for the current settings (opened off the main thread the first
   * time) and binds a presenter to it; sends whatever waits on the phone.
   */
  private void connect() {
    AppSettings settings = AppSettings.of(this);
    if (!settings.isComplete()) {
      disconnect();
      showNotReady(getString(R.string.error_not_configured));
      return;
    }
    connecting.dispose();
    connecting = ((ProspectsApp) getApplication()).connect(settings)
        .observeOn(mainThread)
        .subscribe(this::bind, error -> {
          disconnect();
          showNotReady(error instanceof OutboxException
              ? getString(R.string.error_storage, error.getMessage())
              : getString(R.string.error_config, error.getMessage()));
        });
  }

  private void bind(LeadConnection c) {
    ProspectPresenter current = presenter;
    if (current != null && connection == c) {
      current.sendNow();
      return;
    }
    disconnect();
    connection = c;
    ProspectPresenter p = new ProspectPresenter(c, Schedulers.io(), mainThread);
    presenter = p;
    p.attach(this);
    if (restoredLeadId != null) {
      p.restoreLead(restoredLeadId);
      showAdded(restoredLeadId);
    }
    if (restoredEntryId != null) {
      p.restoreEntry(restoredEntryId);
    }
    add.setEnabled(true);
    hideMessage();
    p.sendNow();
  }

  /** Cancels what this screen runs; the connection (and the leads being sent) stays. */
  private void disconnect() {
    ProspectPresenter p = presenter;
    if (p != null) {
      restoredLeadId = p.getLeadId();
      restoredEntryId = p.getEntryId();
      p.dispose();
      presenter = null;
    }
    connection = null;
  }

  private void showNotReady(String text) {
    add.setEnabled(false);
    showMessage(text, true);
  }

  private Prospect readForm() {
    int position = timeZone.getSelectedItemPosition();
    ZoneId zone = position >= 0 ? zones.zones().get(position) : null;
    return new Prospect(
        phone.getText().toString(),
        name.getText().toString(),
        email.getText().toString(),
        externalId.getText().toString(),
        zone);
  }

  private void mark(SettableLeadStatus status) {
    ProspectPresenter p = presenter;
    if (p != null) {
      p.mark(status);
    }
  }

  private void newProspect() {
    ProspectPresenter p = presenter;
    if (p != null) {
      p.startOver();
    }
    restoredLeadId = null;
    restoredEntryId = null;
    for (EditText field : new EditText[] {phone, name, email, externalId}) {
      field.setText("");
    }
    showFieldErrors(new EnumMap<>(ProspectField.class));
    leadCard.setVisibility(View.GONE);
    hideMessage();
    phone.requestFocus();
  }

  private void showWindowsZone(ZoneId zone) {
    Optional<String> windowsId = TimeZoneChoices.windowsId(zone);
    windowsTimeZone.setText(windowsId.isPresent()
        ? getString(R.string.windows_time_zone, windowsId.get())
        : getString(R.string.windows_time_zone_none, zone.getId()));
  }

  // --- ProspectPresenter.View ---

  @Override
  public void showFieldErrors(Map<ProspectField, List<String>> errors) {
    for (Map.Entry<ProspectField, TextView> entry : fieldErrors.entrySet()) {
      List<String> rules = errors.get(entry.getKey());
      TextView view = entry.getValue();
      if (rules == null || rules.isEmpty()) {
        view.setText("");
        view.setVisibility(View.GONE);
      } else {
        view.setText(sentences(label(entry.getKey()), rules));
        view.setVisibility(View.VISIBLE);
      }
    }
  }

  @Override
  public void showWorking(ProspectPresenter.@Nullable Work work) {
    boolean busy = work != null;
    progress.setVisibility(busy ? View.VISIBLE : View.GONE);
    add.setEnabled(!busy && presenter != null);
    markCompleted.setEnabled(!busy);
    markSuccess.setEnabled(!busy);
    if (busy) {
      showMessage(getString(work == ProspectPresenter.Work.ADDING
          ? R.string.working_adding : R.string.working_updating), false);
    }
  }

  @Override
  public void showQueued() {
    for (EditText field : new EditText[] {phone, name, email, externalId}) {
      field.setText("");
    }
    leadCard.setVisibility(View.GONE);
    showMessage(getString(R.string.lead_queued), false);
  }

  @Override
  public void showLeads(List<LeadRow> rows) {
    leads.removeAllViews();
    leadsTitle.setVisibility(rows.isEmpty() ? View.GONE : View.VISIBLE);
    // Newest first: the prospect just captured is at the top.
    for (int i = rows.size() - 1; i >= 0; i--) {
      LeadRow row = rows.get(i);
      View item = getLayoutInflater().inflate(R.layout.item_lead, leads, false);
      item.setTag(row.getEntryId());
      ((TextView) item.findViewById(R.id.item_title)).setText(row.getName().isEmpty()
          ? row.getPhoneNumber() : getString(R.string.item_title, row.getName(), row.getPhoneNumber()));
      TextView state = item.findViewById(R.id.item_state);
      state.setText(describe(row));
      state.setTextColor(getColor(stateColor(row.getState())));
      Button retry = item.findViewById(R.id.item_retry);
      retry.setVisibility(row.canRetry() ? View.VISIBLE : View.GONE);
      retry.setOnClickListener(v -> {
        ProspectPresenter p = presenter;
        if (p != null) {
          p.retry(row.getEntryId());
        }
      });
      Button forget = item.findViewById(R.id.item_forget);
      forget.setVisibility(row.canForget() ? View.VISIBLE : View.GONE);
      forget.setOnClickListener(v -> {
        ProspectPresenter p = presenter;
        if (p != null) {
          p.forget(row.getEntryId());
        }
      });
      leads.addView(item);
    }
  }

  /** Where a prospect's add stands, in the rep's words. */
  private String describe(LeadRow row) {
    switch (row.getState()) {
      case QUEUED:
        LeadConnection c = connection;
        return getString(c == null || c.isOnline()
            ? R.string.state_queued : R.string.state_queued_offline);
      case SENDING:
        return getString(R.string.state_sending);
      case CHECKING:
        Instant next = row.getNextCheckAt();
        return row.getFailedChecks() == 0 || next == null ? getString(R.string.state_checking)
            : getString(R.string.state_check_failed, DateTimeFormatter.ofLocalizedTime(
                FormatStyle.SHORT).withZone(ZoneId.systemDefault()).format(next));
      case ADDED:
        String leadId = row.getLeadId();
        return leadId != null ? getString(R.string.state_added, leadId)
            : getString(R.string.state_added_no_id);
      case REJECTED:
        return getString(R.string.state_rejected, row.getProblems().isEmpty()
            ? getString(R.string.state_rejected_status, row.getStatusCode())
            : String.join("; ", row.getProblems()));
      default:
        return getString(R.string.state_unknown);
    }
  }

  private static int stateColor(LeadRow.State state) {
    switch (state) {
      case ADDED:
        return R.color.state_added;
      case REJECTED:
      case UNKNOWN:
        return R.color.error;
      default:
        return R.color.brand_dark;
    }
  }

  @Override
  public void showAdded(String leadId) {
    leadCard.setVisibility(View.VISIBLE);
    leadIdView.setText(getString(R.string.lead_id, leadId));
    leadStatus.setText(R.string.lead_status_unknown);
    leadLastCall.setText(R.string.lead_no_call);
    leadSummary.setVisibility(View.GONE);
    showMessage(getString(R.string.lead_added), false);
  }

  @Override
  public void showLead(Lead lead) {
    leadCard.setVisibility(View.VISIBLE);
    if (lead.getId() != null) {
      leadIdView.setText(getString(R.string.lead_id, lead.getId()));
    }
    leadStatus.setText(getString(R.string.lead_status, describe(lead.getStatus(), lead.getStatusCode())));
    LastCall call = lead.getLastCall();
    if (call == null) {
      leadLastCall.setText(R.string.lead_no_call);
      leadSummary.setVisibility(View.GONE);
    } else {
      String when = call.getStartTime() == null ? "?"
          : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
              .withZone(ZoneId.systemDefault())
              .format(call.getStartTime());
      Duration duration = call.getDuration();
      leadLastCall.setText(getString(R.string.lead_last_call, describe(call.getStatus(),
          call.getStatusCode()), when, duration == null ? 0 : duration.getSeconds()));
      String summary = call.getSummary();
      leadSummary.setText(summary == null ? "" : getString(R.string.lead_last_call_summary, summary));
      leadSummary.setVisibility(summary == null ? View.GONE : View.VISIBLE);
    }
    hideMessage();
  }

  @Override
  public void showFailure(Failure failure) {
    String detail = failure.getDetail();
    String text;
    FailureReason reason = failure.getReason();
    if (reason == null) {
      showMessage(getString(R.string.error_storage, detail) + "\n" + verdict(failure), true);
      return;
    }
    switch (reason) {
      case INVALID_REQUEST:
        // Nothing was sent: the fields say what to fix.
        showMessage(detail.isEmpty() ? getString(R.string.error_fix_fields)
            : getString(R.string.error_fix_fields) + " " + detail, true);
        return;
      case REJECTED:
        text = getString(R.string.error_rejected,
            detail.isEmpty() ? getString(R.string.error_fix_fields) : detail);
        break;
      case AUTHENTICATION:
        text = getString(R.string.error_auth, failure.getStatusCode());
        break;
      case NOT_FOUND:
        text = getString(R.string.error_not_found);
        break;
      case RATE_LIMITED:
        text = getString(R.string.error_rate_limited);
        break;
      case SERVER_ERROR:
        text = getString(R.string.error_server, failure.getStatusCode());
        break;
      case NETWORK_BEFORE_SENDING:
        text = getString(R.string.error_network, AppSettings.of(this).baseUrl());
        break;
      case NETWORK_AFTER_SENDING:
      case TIMEOUT:
        text = getString(R.string.error_network_no_answer, AppSettings.of(this).baseUrl());
        break;
      case ANSWER_CUT_SHORT:
        text = getString(R.string.error_unreadable, failure.getStatusCode());
        break;
      default:
        text = failure.getDelivery() == Delivery.ACCEPTED
            ? getString(R.string.error_unreadable, failure.getStatusCode())
            : getString(R.string.error_unexpected, detail);
        break;
    }
    showMessage(text + "\n" + verdict(failure), true);
  }

  /**
   * What the rep may do next, from whether NLPearl may have acted: adding again after an unknown
   * outcome could have the prospect called twice; marking again is always harmless.
   */
  private String verdict(Failure failure) {
    if (failure.getAction() == ProspectPresenter.Work.SENDING) {
      return getString(R.string.verdict_send_stopped);
    }
    boolean adding = failure.getAction() == ProspectPresenter.Work.ADDING;
    switch (failure.getDelivery()) {
      case UNKNOWN:
        return getString(adding ? R.string.verdict_add_unknown : R.string.verdict_update_unknown);
      case ACCEPTED:
        return getString(adding ? R.string.verdict_add_accepted : R.string.verdict_update_unknown);
      default:
        return getString(adding ? R.string.verdict_add_not_added : R.string.verdict_update_not_saved);
    }
  }

  private void showMessage(String text, boolean error) {
    message.setText(text);
    message.setTextColor(getColor(error ? R.color.error : R.color.brand_dark));
    message.setVisibility(View.VISIBLE);
  }

  private void hideMessage() {
    message.setText("");
    message.setVisibility(View.GONE);
  }

  private String label(ProspectField field) {
    switch (field) {
      case PHONE:
        return getString(R.string.label_phone);
      case NAME:
        return getString(R.string.label_name);
      case EMAIL:
        return getString(R.string.label_email);
      case EXTERNAL_ID:
        return getString(R.string.label_external_id);
      default:
        return getString(R.string.label_time_zone);
    }
  }

  /**
   * Puts rules in words: the SDK's rules are predicates ("is required") and read after the field's
   * label; a server's messages are already sentences and are shown as they are.
   */
  static String sentences(String label, List<String> rules) {
    StringBuilder text = new StringBuilder();
    for (String rule : rules) {
      if (text.length() > 0) {
        text.append('\n');
      }
      boolean predicate = !rule.isEmpty() && Character.isLowerCase(rule.charAt(0));
      text.append(predicate ? label + " " + rule : rule);
      if (!rule.endsWith(".")) {
        text.append('.');
      }
    }
    return text.toString();
  }

  /** "InCallQueue" becomes "In call queue"; unknown codes keep their number. */
  static String describe(LeadStatus status, int code) {
    return status == LeadStatus.UNKNOWN ? "Unknown (" + code + ")" : words(status.apiName());
  }

  static String describe(CallStatus status, int code) {
    return status == CallStatus.UNKNOWN ? "Unknown (" + code + ")" : words(status.apiName());
  }

  private static String words(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (i > 0 && Character.isUpperCase(c)) {
        out.append(' ').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
