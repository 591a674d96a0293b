package org.nlpearl4j.sandbox.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** NLPearl's lead and call status codes, as the vendored spec lists them. */
public final class LeadStatuses {
  public static final int NEW = 1;
  public static final int NEED_RETRY = 10;
  public static final int IN_CALL_QUEUE = 20;
  public static final int ON_CALL = 40;
  public static final int VOICE_MAIL_LEFT = 70;
  public static final int SUCCESS = 100;
  public static final int NOT_SUCCESSFUL = 110;
  public static final int COMPLETED = 130;
  public static final int UNREACHABLE = 150;

  /** The statuses a client may set with Update Lead (eLeadStatusInputApi). */
  public static final Set<Integer> SETTABLE =
      Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(NEW, NEED_RETRY, SUCCESS, NOT_SUCCESSFUL, COMPLETED)));

  public static final int CALL_IN_PROGRESS = 3;
  public static final int CALL_COMPLETED = 4;
  public static final int CALL_BUSY = 5;
  public static final int CALL_NO_ANSWER = 7;

  public static final int ROLE_PEARL = 2;
  public static final int ROLE_CLIENT = 3;

  private LeadStatuses() {}
}
