package org.nlpearl4j.kotlin

import java.io.File
import java.lang.reflect.Proxy
import java.net.URLClassLoader
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/**
 * `nlpearl4j-outbox` is an optional dependency: an app that does not declare it does not get it.
 * This runs the module's core (a lead built with the receiver lambda, the suspend functions' class)
 * in a class loader whose class path lacks the outbox, as such an app's would.
 */
class WithoutOutboxTest {
    private val classPath: List<File> = System.getProperty("java.class.path")
        .split(File.pathSeparator)
        .filter { it.isNotEmpty() }
        .map(::File)

    private fun isOutbox(entry: File): Boolean =
        entry.name.startsWith("nlpearl4j-outbox") ||
            entry.path.replace('\\', '/').contains("/outbox/target/")

    @Test
    fun theCoreWorksWithoutTheOutboxOnTheClassPath() {
        assertTrue(classPath.any(::isOutbox), "the test class path should hold the outbox: $classPath")
        val withoutOutbox = classPath.filterNot(::isOutbox).map { it.toURI().toURL() }.toTypedArray()

        URLClassLoader(withoutOutbox, ClassLoader.getPlatformClassLoader()).use { loader ->
            assertFailsWith<ClassNotFoundException> { loader.loadClass("org.nlpearl4j.outbox.LeadOutbox") }

            // The suspend functions for the facade load and link on their own.
            Class.forName("org.nlpearl4j.kotlin.NlPearlCoroutines", true, loader)

            // newLead { phoneNumber = ...; externalId = ... } through the loader's own classes.
            val function1 = loader.loadClass("kotlin.jvm.functions.Function1")
            val spec = Proxy.newProxyInstance(loader, arrayOf(function1)) { _, method, args ->
                if (method.name != "invoke") throw UnsupportedOperationException(method.name)
                val scope = args!![0]
                scope.javaClass.getMethod("setPhoneNumber", String::class.java).invoke(scope, "+1 (415) 555-0123")
                scope.javaClass.getMethod("setExternalId", String::class.java).invoke(scope, "crm-42")
                loader.loadClass("kotlin.Unit").getField("INSTANCE").get(null)
            }
            val lead = Class.forName("org.nlpearl4j.kotlin.LeadScopes", true, loader)
                .getMethod("newLead", function1)
                .invoke(null, spec)
            assertEquals(loader, lead.javaClass.classLoader)
            assertEquals("+14155550123", lead.javaClass.getMethod("getPhoneNumber").invoke(lead))
            assertEquals("crm-42", lead.javaClass.getMethod("getExternalId").invoke(lead))

            // Only the outbox extensions need it, and only when they are used.
            val outboxExtensions = assertFailsWith<NoClassDefFoundError> {
                Class.forName("org.nlpearl4j.kotlin.OutboxCoroutines", true, loader).methods
            }
            assertTrue("org/nlpearl4j/outbox/" in outboxExtensions.message.orEmpty(), "${outboxExtensions.message}")
        }
    }
}
