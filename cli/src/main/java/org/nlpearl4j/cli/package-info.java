/**
 * The {@code nlpearl} command-line tool: add and update leads, import a CSV of leads into an
 * outbound campaign with a results file, and run the sandbox server.
 *
 * <p>{@link org.nlpearl4j.cli.Main} is the entry point of the runnable jar; {@link
 * org.nlpearl4j.cli.NlPearlCli} is the command tree, which tests run in-process with an injected
 * {@link org.nlpearl4j.cli.CliContext}. Everything else is package-private.
 */
@NullMarked
package org.nlpearl4j.cli;

import org.jspecify.annotations.NullMarked;
