package org.nlpearl4j.sandbox.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Walks added leads through a plausible call lifecycle so demos show real-looking data:
 * New → InCallQueue (one step) → OnCall (two steps, a call in progress is attached) → an outcome
 * one to three steps later: Success, NotSuccessful, VoiceMailLeft, Unreachable (no answer) or
 * NeedRetry (busy; retried once). Answered calls carry a transcript (roles 2 = Pearl, 3 = Client),
 * a summary, a duration, tags and collectedInfos with string, number and boolean values, which are
 * also copied into the lead's collectedData.
 *
 * <p>Deterministic: every choice comes from a {@link Random} seeded with the sandbox seed, the
 * lead's sequence number and the attempt number, and every time from the step schedule. A client
 * that sets a status stops the walk (a later New or NeedRetry starts a new attempt).
 */
public final class CallSimulator {
  private static final int MAX_ATTEMPTS = 2;
  private static final String[] SLOTS = {"Friday at 12:00", "Monday at 9:30", "Tuesday at 16:00", "Thursday at 11:15"};
  private static final String[] REASONS = {"Schedule conflict", "Found another provider", "No longer needed"};

  private final LeadStore store;
  private final SimulationTimer timer;
  private final long seed;
  private final Duration step;
  private final ObjectIds callIds;

  public CallSimulator(LeadStore store, SimulationTimer timer, long seed, Duration step, ObjectIds callIds) {
    this.store = store;
    this.timer = timer;
    this.seed = seed;
    this.step = step;
    this.callIds = callIds;
  }

  /** Starts the walk of a freshly added lead. */
  public void leadAdded(LeadState lead, Instant now) {
    schedule(lead, now, 0);
  }

  /** A client set the status of a lead: New or NeedRetry queue another simulated call. */
  public void statusSet(LeadState lead, Instant now) {
    if (lead.status() == LeadStatuses.NEW || lead.status() == LeadStatuses.NEED_RETRY) {
      schedule(lead, now, lead.callsId().size());
    }
  }

  private void schedule(LeadState lead, Instant start, int attempt) {
    final String campaign = lead.campaignId();
    final String id = lead.id();
    final int generation = lead.generation();
    final Random random = new Random(seed * 0x9E3779B97F4A7C15L + lead.sequence() * 1_000_003L + attempt);
    final Outcome outcome = Outcome.pick(random);
    final int talkSteps = 1 + random.nextInt(3);
    final String callId = callIds.next();
    final Instant queued = start.plus(step);
    final Instant onCall = start.plus(step.multipliedBy(2));
    final Instant done = onCall.plus(step.multipliedBy(talkSteps));
    timer.schedule(queued, () -> apply(campaign, id, generation, LeadStatuses.IN_CALL_QUEUE, null, null));
    timer.schedule(
        onCall,
        () -> {
          LeadState current = store.get(campaign, id);
          if (current == null || current.generation() != generation) {
            return;
          }
          CallState inProgress =
              new CallState(
                  callId,
                  onCall,
                  campaign,
                  LeadStatuses.CALL_IN_PROGRESS,
                  fromNumber(random),
                  displayName(current),
                  null,
                  0,
                  null,
                  Collections.<String>emptyList(),
                  null,
                  null);
          apply(campaign, id, generation, LeadStatuses.ON_CALL, inProgress, null);
        });
    timer.schedule(
        done,
        () -> {
          LeadState current = store.get(campaign, id);
          if (current == null || current.generation() != generation || current.lastCall() == null) {
            return;
          }
          CallState call = finish(current, current.lastCall(), outcome, random);
          Map<String, Object> collected = null;
          List<CallState.InfoState> infos = call.collectedInfos();
          if (infos != null && !infos.isEmpty()) {
            collected = new LinkedHashMap<>();
            for (CallState.InfoState info : infos) {
              collected.put(info.id(), info.value());
            }
          }
          LeadState after = apply(campaign, id, generation, outcome.leadStatus, call, collected);
          if (after != null && outcome == Outcome.BUSY && attempt + 1 < MAX_ATTEMPTS) {
            schedule(after, done.plus(step.multipliedBy(3)), attempt + 1);
          }
        });
  }

  private @Nullable LeadState apply(
      String campaign,
      String id,
      int generation,
      int status,
      @Nullable CallState call,
      @Nullable Map<String, Object> collected) {
    LeadState[] applied = new LeadState[1];
    store.update(
        campaign,
        id,
        current -> {
          if (current.generation() != generation) {
            return current;
          }
          applied[0] = current.simulated(status, call, collected);
          return applied[0];
        });
    return applied[0];
  }

  private static CallState finish(LeadState lead, CallState call, Outcome outcome, Random random) {
    String name = displayName(lead);
    String greeting = name == null ? "Hi" : "Hi " + name;
    List<CallState.MessageState> transcript = new ArrayList<>();
    List<CallState.InfoState> infos = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    String summary;
    int status = LeadStatuses.CALL_COMPLETED;
    String slot = SLOTS[random.nextInt(SLOTS.length)];
    switch (outcome) {
      case SUCCESS:
        {
          int party = 1 + random.nextInt(4);
          Lines lines = new Lines(random, transcript);
          lines.pearl(greeting + ", this is Pearl from Sandbox Dental. I'm calling to confirm your appointment on " + slot + ".");
          lines.client("Oh yes, thanks for calling.");
          lines.pearl("Will you keep that slot, and how many people are coming?");
          lines.client("Yes, I'll be there" + (party == 1 ? "." : ", we'll be " + party + "."));
          lines.pearl("Perfect, you're all set. Have a great day!");
          infos.add(new CallState.InfoState("confirmBooking", "Booking confirmed", Boolean.TRUE));
          infos.add(new CallState.InfoState("preferredTime", "Preferred time", slot));
          infos.add(new CallState.InfoState("partySize", "Party size", party));
          summary = "The lead confirmed the appointment on " + slot + " for " + party + (party == 1 ? " person." : " people.");
          tags.add("appointment-confirmed");
          if (party > 2) {
            tags.add("group-booking");
          }
          break;
        }
      case NOT_SUCCESSFUL:
        {
          String reason = REASONS[random.nextInt(REASONS.length)];
          Lines lines = new Lines(random, transcript);
          lines.pearl(greeting + ", this is Pearl from Sandbox Dental. I'm calling to confirm your appointment on " + slot + ".");
          lines.client("Actually, I need to cancel it.");
          lines.pearl("I understand. May I ask why?");
          lines.client(reason + ".");
          lines.pearl("Thank you, I've cancelled it. Goodbye!");
          infos.add(new CallState.InfoState("confirmBooking", "Booking confirmed", Boolean.FALSE));
          infos.add(new CallState.InfoState("cancellationReason", "Cancellation reason", reason));
          infos.add(new CallState.InfoState("partySize", "Party size", 0));
          summary = "The lead cancelled the appointment: " + reason.toLowerCase(Locale.ROOT) + ".";
          tags.add("cancelled");
          break;
        }
      case VOICE_MAIL:
        {
          Lines lines = new Lines(random, transcript);
          lines.pearl(greeting + ", this is Pearl from Sandbox Dental about your appointment on " + slot
              + ". Please call us back when you can. Thank you!");
          summary = "The call reached voicemail; a message was left.";
          tags.add("voicemail");
          break;
        }
      case NO_ANSWER:
        summary = "Nobody answered the call.";
        status = LeadStatuses.CALL_NO_ANSWER;
        break;
      case BUSY:
      default:
        summary = "The line was busy; the call will be retried.";
        status = LeadStatuses.CALL_BUSY;
        break;
    }
    int duration = transcript.isEmpty() ? 0 : (int) Math.ceil(transcript.get(transcript.size() - 1).endTime()) + 1 + random.nextInt(3);
    return new CallState(
        call.id(),
        call.startTime(),
        call.pearlId(),
        status,
        call.from(),
        call.name(),
        summary,
        duration,
        transcript.isEmpty() ? null : "https://recordings.sandbox.invalid/" + call.id() + ".mp3",
        tags,
        transcript,
        infos);
  }

  private static @Nullable String displayName(LeadState lead) {
    for (String key : Arrays.asList("name", "firstName", "firstname", "first_name")) {
      String value = lead.callData().get(key);
      if (value != null && !value.trim().isEmpty()) {
        return value.trim();
      }
    }
    return null;
  }

  private static String fromNumber(Random random) {
    // 555-0100 to 555-0199 are reserved for fiction in the North American numbering plan.
    return String.format(Locale.ROOT, "+1415555%04d", 100 + random.nextInt(100));
  }

  /** Builds a transcript with plausible timings. */
  private static final class Lines {
    private final Random random;
    private final List<CallState.MessageState> transcript;
    private float clock;

    Lines(Random random, List<CallState.MessageState> transcript) {
      this.random = random;
      this.transcript = transcript;
      this.clock = 0.5f + random.nextInt(10) / 10f;
    }

    void pearl(String text) {
      say(LeadStatuses.ROLE_PEARL, text);
    }

    void client(String text) {
      say(LeadStatuses.ROLE_CLIENT, text);
    }

    private void say(int role, String text) {
      float start = round(clock);
      float end = round(start + 0.8f + text.length() / 15f + random.nextInt(10) / 10f);
      transcript.add(new CallState.MessageState(role, text, start, end));
      clock = end + 0.3f + random.nextInt(8) / 10f;
    }

    private static float round(float value) {
      return Math.round(value * 10f) / 10f;
    }
  }

  /** How a simulated call ends, with weights out of 100. */
  enum Outcome {
    SUCCESS(LeadStatuses.SUCCESS, 35),
    NOT_SUCCESSFUL(LeadStatuses.NOT_SUCCESSFUL, 25),
    VOICE_MAIL(LeadStatuses.VOICE_MAIL_LEFT, 15),
    NO_ANSWER(LeadStatuses.UNREACHABLE, 15),
    BUSY(LeadStatuses.NEED_RETRY, 10);

    final int leadStatus;
    final int weight;

    Outcome(int leadStatus, int weight) {
      this.leadStatus = leadStatus;
      this.weight = weight;
    }

    static Outcome pick(Random random) {
      int roll = random.nextInt(100);
      for (Outcome outcome : values()) {
        roll -= outcome.weight;
        if (roll < 0) {
          return outcome;
        }
      }
      return SUCCESS;
    }
  }
}
