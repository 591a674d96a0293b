package org.nlpearl4j.spec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the NLPearl docs site on loopback: serves page bytes by URL path, 404 for
 * anything else, and records what was asked for. Also lays out a scratch api-spec module from the
 * frozen fixture pages so the refresh and the baseline tools run on a copy.
 */
public final class FixtureSite implements AutoCloseable {
  /** The URL path of the Add Lead page in pages.txt. */
  public static final String ADD_LEAD = "/api-reference/v1/outbound/add-lead.md";

  /** The URL path of the Update Lead page in pages.txt. */
  public static final String UPDATE_LEAD = "/api-reference/v2/outbound/update-lead.md";

  private final HttpServer server;
  private final Map<String, byte[]> pages = new ConcurrentHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  private FixtureSite(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts a site on a free loopback port serving the vendored Add Lead and Update Lead pages.
   *
   * @return the running site
   * @throws IOException if the server cannot bind
   */
  public static FixtureSite start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FixtureSite site = new FixtureSite(server);
    server.createContext("/", site::handle);
    server.start();
    site.serve(ADD_LEAD, vendored("v1-outbound-add-lead.md"));
    site.serve(UPDATE_LEAD, vendored("v2-outbound-update-lead.md"));
    return site;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (HttpExchange ex = exchange) {
      String path = ex.getRequestURI().getPath();
      requests.add(ex.getRequestMethod() + " " + path);
      byte[] body = pages.get(path);
      if (body == null) {
        byte[] notFound = "not found".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(404, notFound.length);
        ex.getResponseBody().write(notFound);
        return;
      }
      ex.getResponseHeaders().set("Content-Type", "text/markdown; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * Returns the base URL to give the refresh, e.g. {@code http://127.0.0.1:41234/}.
   *
   * @return the base URL
   */
  public URI base() {
    return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
        + server.getAddress().getPort() + "/");
  }

  /**
   * Serves bytes at a path.
   *
   * @param path the URL path, e.g. {@link #ADD_LEAD}
   * @param body the page bytes
   */
  public void serve(String path, byte[] body) {
    pages.put(path, body.clone());
  }

  /**
   * Serves a fixture page from {@code src/test/resources/org/nlpearl4j/spec/fixtures/}.
   *
   * @param path the URL path
   * @param fixture the fixture file name
   */
  public void serveFixture(String path, String fixture) {
    serve(path, fixture(fixture));
  }

  /**
   * Stops serving a path, so it answers 404.
   *
   * @param path the URL path
   */
  public void remove(String path) {
    pages.remove(path);
  }

  /**
   * Returns the requests seen so far, e.g. {@code GET /api-reference/v1/outbound/add-lead.md}.
   *
   * @return a copy of the request log
   */
  public List<String> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /**
   * Reads a fixture page's bytes.
   *
   * @param name the file name under the fixtures directory
   * @return its bytes
   */
  public static byte[] fixture(String name) {
    String resource = "org/nlpearl4j/spec/fixtures/" + name;
    try (InputStream in = FixtureSite.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads one of the frozen copies of the vendored pages that the fixtures are edits of.
   *
   * @param name the page's file name, e.g. {@code v1-outbound-add-lead.md}
   * @return its bytes
   */
  public static byte[] vendored(String name) {
    return fixture("module/pages/" + name);
  }

  /**
   * Lays out a scratch api-spec module from the frozen fixture copy: pages.txt, the two pages, the
   * merged spec, and a baseline that accepts it. The tests never read the live pages, so they
   * keep passing while a refresh has changed them and the build's check reports the change.
   *
   * @param dir an empty directory
   * @return the directory, now laid out like api-spec
   * @throws IOException if writing fails
   */
  public static Path copyModule(Path dir) throws IOException {
    Files.write(dir.resolve("pages.txt"), fixture("module/pages.txt"));
    Path pages = Files.createDirectories(dir.resolve("src/main/pages"));
    for (String page : new String[] {"v1-outbound-add-lead.md", "v2-outbound-update-lead.md"}) {
      Files.write(pages.resolve(page), vendored(page));
    }
    byte[] merged = SpecMerger.mergeModule(dir).getBytes(StandardCharsets.UTF_8);
    Files.write(Files.createDirectories(dir.resolve("src/main/openapi")).resolve("nlpearl.yaml"),
        merged);
    Files.write(Files.createDirectories(dir.resolve("src/main/openapi/baseline"))
        .resolve("nlpearl.yaml"), merged);
    return dir;
  }

  /**
   * Appends a line to a scratch module's pages.txt.
   *
   * @param module the scratch module
   * @param line e.g. {@code v1-call-delete-calls.md https://developers.nlpearl.ai/...}
   * @throws IOException if writing fails
   */
  public static void listPage(Path module, String line) throws IOException {
    Path list = module.resolve("pages.txt");
    String text = new String(Files.readAllBytes(list), StandardCharsets.UTF_8);
    Files.write(list, (text + line + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
