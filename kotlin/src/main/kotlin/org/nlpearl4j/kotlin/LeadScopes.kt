@file:JvmName("LeadScopes")

package org.nlpearl4j.kotlin

import java.time.ZoneId
import org.nlpearl4j.InvalidRequestException
import org.nlpearl4j.LeadUpdate
import org.nlpearl4j.NewLead
import org.nlpearl4j.SettableLeadStatus

/**
 * The receiver of a lead's builder lambda, in [add], [enqueue] and [newLead]: set its properties as
 * you would local variables.
 *
 * It checks nothing itself: when the lambda returns, the values fill in a Java [NewLead.Builder],
 * whose rules report every problem at once in one [InvalidRequestException], exactly as from Java.
 *
 * ```kotlin
 * val leadId = client.outbound(outboundId).add {
 *     phoneNumber = "+1 (415) 555-0123"          // sent as +14155550123
 *     externalId = "crm-42"
 *     timeZone = ZoneId.of("America/Los_Angeles") // sent as "Pacific Standard Time"
 *     callData["email"] = "joe@example.com"
 * }
 * ```
 */
@NlPearlDsl
public class NewLeadScope internal constructor() {
    private val fields = Fields()

    /** The phone number (required), as given: spaces, dashes, dots and parentheses are stripped when it is checked. */
    public var phoneNumber: String? by fields::phoneNumber

    /** The lead's id in an external system such as a CRM; null (the default) leaves it out. */
    public var externalId: String? by fields::externalId

    /** The lead's time zone as a Java zone, sent as its Windows id; setting it clears [timeZoneId]. */
    public var timeZone: ZoneId?
        get() = fields.timeZone
        set(value) = fields.setTimeZone(value)

    /** The lead's time zone as a Windows id, e.g. `Pacific Standard Time`; setting it clears [timeZone]. */
    public var timeZoneId: String?
        get() = fields.timeZoneId
        set(value) = fields.setTimeZoneId(value)

    /** The call data variables, in order: `callData["email"] = "joe@example.com"`; a null value is reported as a problem. */
    public val callData: MutableMap<String, String?> get() = fields.callData

    internal fun fillIn(builder: NewLead.Builder) {
        fields.phoneNumber?.let { builder.phoneNumber(it) }
        builder.externalId(fields.externalId)
        fields.timeZone?.let { builder.timeZone(it) } ?: builder.timeZoneId(fields.timeZoneId)
        if (fields.callData.isNotEmpty()) builder.callData(fields.callData)
    }

    /** Describes the values given so far (not checked yet). */
    override fun toString(): String = "NewLeadScope$fields}"
}

/**
 * The receiver of an update's builder lambda, in [update], [enqueueUpdate] and [leadUpdate]: only
 * the properties set are changed.
 *
 * It checks nothing itself: when the lambda returns, the values fill in a Java [LeadUpdate.Builder],
 * whose rules (including that something changes at all) report every problem at once in one
 * [InvalidRequestException], exactly as from Java.
 *
 * ```kotlin
 * val lead = client.pearl(pearlId).update(leadId) {
 *     status = SettableLeadStatus.NEED_RETRY
 *     callData["note"] = "call after 5pm"
 * }
 * ```
 */
@NlPearlDsl
public class LeadUpdateScope internal constructor() {
    private val fields = Fields()

    /** The new phone number, as given; null (the default) keeps the current one. */
    public var phoneNumber: String? by fields::phoneNumber

    /** The new external id; null (the default) keeps the current one. */
    public var externalId: String? by fields::externalId

    /** The new time zone as a Java zone, sent as its Windows id; setting it clears [timeZoneId]. */
    public var timeZone: ZoneId?
        get() = fields.timeZone
        set(value) = fields.setTimeZone(value)

    /** The new time zone as a Windows id; setting it clears [timeZone]. */
    public var timeZoneId: String?
        get() = fields.timeZoneId
        set(value) = fields.setTimeZoneId(value)

    /** The call data variables to send; left empty, the current call data is kept. */
    public val callData: MutableMap<String, String?> get() = fields.callData

    /** The new status, one a client may set; null (the default) keeps the current one. */
    public var status: SettableLeadStatus? = null

    internal fun fillIn(builder: LeadUpdate.Builder) {
        fields.phoneNumber?.let { builder.phoneNumber(it) }
        builder.externalId(fields.externalId)
        fields.timeZone?.let { builder.timeZone(it) } ?: builder.timeZoneId(fields.timeZoneId)
        if (fields.callData.isNotEmpty()) builder.callData(fields.callData)
        builder.status(status)
    }

    /** Describes the values given so far (not checked yet). */
    override fun toString(): String = "LeadUpdateScope$fields, status=$status}"
}

/**
 * Builds a [NewLead] value, e.g. to keep or to pass to [add] later.
 *
 * ```kotlin
 * val lead = newLead { phoneNumber = "+33 1 23 45 67 89"; externalId = "crm-7" }
 * ```
 *
 * @throws InvalidRequestException listing every broken rule
 */
public fun newLead(spec: NewLeadScope.() -> Unit): NewLead {
    val builder = NewLead.builder()
    NewLeadScope().apply(spec).fillIn(builder)
    return builder.build()
}

/**
 * Builds a [LeadUpdate] value, e.g. to apply the same change to several leads with [update].
 *
 * ```kotlin
 * val done = leadUpdate { status = SettableLeadStatus.COMPLETED }
 * ```
 *
 * @throws InvalidRequestException listing every broken rule
 */
public fun leadUpdate(spec: LeadUpdateScope.() -> Unit): LeadUpdate {
    val builder = LeadUpdate.builder()
    LeadUpdateScope().apply(spec).fillIn(builder)
    return builder.build()
}

/** The fields both scopes share, as given. */
private class Fields {
    var phoneNumber: String? = null
    var externalId: String? = null
    var timeZone: ZoneId? = null
        private set
    var timeZoneId: String? = null
        private set
    val callData: MutableMap<String, String?> = LinkedHashMap()

    fun setTimeZone(zone: ZoneId?) {
        timeZone = zone
        timeZoneId = null
    }

    fun setTimeZoneId(windowsId: String?) {
        timeZoneId = windowsId
        timeZone = null
    }

    /** Describes the fields without a closing brace, so a scope can append its own. */
    override fun toString(): String =
        "{phoneNumber=$phoneNumber, externalId=$externalId, timeZone=${timeZone ?: timeZoneId}, callData=$callData"
}
