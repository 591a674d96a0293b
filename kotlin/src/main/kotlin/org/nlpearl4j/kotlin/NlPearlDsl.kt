package org.nlpearl4j.kotlin

/**
 * Marks the receivers of the nlpearl4j builder lambdas ([NewLeadScope], [LeadUpdateScope]), so that
 * inside one of them the properties of an enclosing one cannot be set by mistake without naming it.
 */
@DslMarker
@Target(AnnotationTarget.CLASS)
@Retention(AnnotationRetention.BINARY)
public annotation class NlPearlDsl
