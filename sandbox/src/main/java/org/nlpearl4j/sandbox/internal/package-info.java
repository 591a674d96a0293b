/**
 * Internals of the NLPearl sandbox: HTTP handling, the lead store, request binding, the contract
 * checker, call simulation and fault injection. Not a public API; it may change in any release.
 */
@NullMarked
package org.nlpearl4j.sandbox.internal;

import org.jspecify.annotations.NullMarked;
