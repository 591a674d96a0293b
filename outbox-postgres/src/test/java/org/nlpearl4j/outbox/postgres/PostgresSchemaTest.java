package org.nlpearl4j.outbox.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.outbox.EntryState;

/** The tables are created on open, versioned, and safe to open from many instances at once. */
class PostgresSchemaTest {
  private final HikariDataSource dataSource = TestDatabase.create("schema");
  private final NlPearl client = NlPearl.builder().token("id:secret")
      .baseUrl("http://127.0.0.1:9/").build();

  @AfterEach
  void close() {
    client.close();
    dataSource.close();
  }

  private List<String> versions(String prefix) throws Exception {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version || ' ' || description FROM " + prefix
            + "_schema ORDER BY version")) {
      List<String> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(r.getString(1));
      }
      return rows;
    }
  }

  @Test
  void eightInstancesOpeningAtOnceCreateTheTablesOnceAndAllWork() throws Exception {
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<PostgresOutbox>> opening = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      opening.add(pool.submit(() -> {
        start.await();
        return PostgresOutbox.builder().dataSource(dataSource).client(client)
            .tablePrefix("crowd_outbox").open();
      }));
    }
    start.countDown();
    List<PostgresOutbox> opened = new ArrayList<>();
    try {
      for (Future<PostgresOutbox> f : opening) {
        opened.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(versions("crowd_outbox")).containsExactly("1 entries, instance leases");
      String id = opened.get(0).outbox().add(PgFixture.CAMPAIGN, PgFixture.lead("crm-1"))
          .blockingGet();
      assertThat(opened.get(n - 1).outbox().entry(id).getState()).isEqualTo(EntryState.WAITING);
    } finally {
      for (PostgresOutbox o : opened) {
        o.close();
      }
      pool.shutdownNow();
    }
    // Opening again changes nothing.
    try (PostgresOutbox again = PostgresOutbox.builder().dataSource(dataSource).client(client)
        .tablePrefix("crowd_outbox").open()) {
      assertThat(again.outbox().entries()).hasSize(1);
    }
    assertThat(versions("crowd_outbox")).containsExactly("1 entries, instance leases");
  }

  @Test
  void theDdlInTheReadmeIsTheOneTheLibraryApplies() throws Exception {
    String readme = new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8);
    String ddl = PostgresOutbox.ddl(PostgresOutbox.DEFAULT_TABLE_PREFIX);
    assertThat(readme).contains("```sql\n" + ddl + "```");
    // Applied by hand, it is what the library expects: it opens without migrating.
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(ddl);
    }
    try (PostgresOutbox outbox = PostgresOutbox.builder().dataSource(dataSource).client(client)
        .createSchema(false).open()) {
      assertThat(outbox.outbox().entries()).isEmpty();
    }
  }

  @Test
  void withoutCreateSchemaMissingTablesAreReportedNotCreated() {
    assertThatThrownBy(() -> PostgresOutbox.builder().dataSource(dataSource).client(client)
        .tablePrefix("absent").createSchema(false).open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 0").hasMessageContaining("needs 1");
  }

  @Test
  void tablesOfANewerVersionAreNotTouched() throws Exception {
    PostgresOutbox.builder().dataSource(dataSource).client(client).tablePrefix("future").open()
        .close();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO future_schema (version, description) VALUES (2, 'from a later release')");
    }
    assertThatThrownBy(() -> PostgresOutbox.builder().dataSource(dataSource).client(client)
        .tablePrefix("future").open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("version 2, newer than this library");
  }

  @Test
  void aTablePrefixThatIsNotAPlainNameIsRefused() {
    assertThatThrownBy(() -> PostgresOutbox.builder().tablePrefix("outbox; DROP TABLE x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tablePrefix");
  }
}
