package actorgraph;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/**
 * A local, Docker-free Neo4j Community server for actorgraph tests.
 *
 * <p>Starts an embedded {@link DatabaseManagementService} with the Bolt connector enabled and
 * authentication switched on, sets the password of the built-in {@code neo4j} user to
 * {@code NEO4J_PASSWORD}, and then blocks until the JVM is asked to exit (SIGTERM / SIGINT).
 * A shutdown hook shuts the DBMS down cleanly so the store on disk is never left half-written.
 *
 * <p>Configuration (environment variables, all optional):
 * <ul>
 *   <li>{@code NEO4J_HOME_DIR}   – Neo4j home (logs/, default {@code ./.neo4j-local})</li>
 *   <li>{@code NEO4J_DATA_DIR}   – data directory (default {@code $NEO4J_HOME_DIR/data})</li>
 *   <li>{@code NEO4J_BOLT_HOST}  – listen host (default {@code 127.0.0.1})</li>
 *   <li>{@code NEO4J_BOLT_PORT}  – listen port (default {@code 7687})</li>
 *   <li>{@code NEO4J_PASSWORD}   – password of user {@code neo4j} (default {@code actorgraph-test})</li>
 *   <li>{@code NEO4J_PAGECACHE}  – page cache size (default {@code 256m})</li>
 *   <li>{@code NEO4J_TX_TIMEOUT} – db.transaction.timeout, e.g. {@code 30s} (default {@code 0s} = none)</li>
 *   <li>{@code NEO4J_AUTH_MAX_FAILED_ATTEMPTS} – dbms.security.auth_max_failed_attempts
 *       (default {@code 0} = no lock-out after wrong passwords, friendlier for tests)</li>
 *   <li>{@code NEO4J_CONF_FILE}  – optional neo4j.conf-style file with extra settings
 *       (applied last, so it overrides everything above)</li>
 * </ul>
 */
public final class LocalNeo4j {

    private static final String USER = "neo4j";

    private LocalNeo4j() {}

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return (v == null || v.isBlank()) ? def : v.trim();
    }

    private static void log(String msg) {
        System.out.println(Instant.now() + " LocalNeo4j: " + msg);
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        Instant t0 = Instant.now();

        Path home = Path.of(env("NEO4J_HOME_DIR", ".neo4j-local")).toAbsolutePath().normalize();
        Path data = Path.of(env("NEO4J_DATA_DIR", home.resolve("data").toString())).toAbsolutePath().normalize();
        String host = env("NEO4J_BOLT_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("NEO4J_BOLT_PORT", "7687"));
        String password = env("NEO4J_PASSWORD", "actorgraph-test");
        String pageCache = env("NEO4J_PAGECACHE", "256m");
        String txTimeout = env("NEO4J_TX_TIMEOUT", "0s");
        // The server's own guard on one transaction's memory: a user's query that builds a huge
        // list fails there instead of growing the heap (actorgraph's workers are capped too).
        String txMemory = env("NEO4J_TX_MEMORY_MAX", "1g");
        String maxFailed = env("NEO4J_AUTH_MAX_FAILED_ATTEMPTS", "0");
        String confFile = env("NEO4J_CONF_FILE", null);

        if (password.length() < 8) {
            // Neo4j 5 refuses passwords shorter than dbms.security.auth_minimum_password_length (8).
            throw new IllegalArgumentException("NEO4J_PASSWORD must be at least 8 characters long");
        }

        Files.createDirectories(home);
        Files.createDirectories(data);

        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("server.directories.data", data.toString());
        cfg.put("server.directories.logs", home.resolve("logs").toString());
        cfg.put("server.bolt.enabled", "true");
        cfg.put("server.bolt.listen_address", host + ":" + port);
        cfg.put("server.bolt.advertised_address", host + ":" + port);
        cfg.put("server.bolt.tls_level", "DISABLED");
        cfg.put("dbms.security.auth_enabled", "true");
        cfg.put("dbms.security.auth_max_failed_attempts", maxFailed);
        cfg.put("server.memory.pagecache.size", pageCache);
        cfg.put("db.transaction.timeout", txTimeout);
        cfg.put("db.memory.transaction.max", txMemory);
        cfg.put("dbms.usage_report.enabled", "false");
        // By the time Bolt's Netty event loops are shut down all databases are already stopped and
        // checkpointed; the default 5 s "quiet period" (paid twice) only makes `stop` slow.
        cfg.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "1");

        log("starting Neo4j (home=" + home + ", data=" + data + ", bolt=" + host + ":" + port
                + ", pagecache=" + pageCache + ", tx timeout=" + txTimeout + ", tx memory=" + txMemory + ")");

        if (confFile != null) {
            log("loading extra settings from " + confFile);
            Properties extra = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(confFile), StandardCharsets.UTF_8)) {
                extra.load(r);
            }
            extra.stringPropertyNames().forEach(k -> cfg.put(k, extra.getProperty(k).trim()));
        }

        // The 5.x embedded builder only takes typed Setting objects or a properties file; a
        // generated file lets Neo4j parse/validate the plain string values itself ("256m", "30s").
        Path conf = home.resolve("conf").resolve("neo4j-local.conf");
        Files.createDirectories(conf.getParent());
        StringBuilder sb = new StringBuilder("# generated by actorgraph.LocalNeo4j on every start - do not edit\n");
        cfg.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(conf, sb.toString(), StandardCharsets.UTF_8);

        // Clean shutdown on SIGTERM/SIGINT/System.exit, so the store is never left half-written.
        Object lifecycle = new Object();
        AtomicReference<DatabaseManagementService> ref = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (lifecycle) {
                DatabaseManagementService running = ref.getAndSet(null);
                if (running != null) {
                    log("shutdown requested, stopping Neo4j ...");
                    try {
                        running.shutdown();
                        log("stopped cleanly");
                    } catch (Throwable e) {
                        System.err.println("LocalNeo4j: error during shutdown: " + e);
                        e.printStackTrace();
                    }
                }
                stopped.countDown();
            }
        }, "neo4j-local-shutdown"));

        // build() + password + "started" run under the same monitor as the hook, so a SIGTERM that
        // arrives during startup waits for it and then shuts down cleanly.
        RuntimeException startFailure = null;
        synchronized (lifecycle) {
            try {
                DatabaseManagementService dbms =
                        new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
                ref.set(dbms);
                setPassword(dbms, password);
                log("started in " + Duration.between(t0, Instant.now()).toMillis() + " ms; Neo4j "
                        + neo4jVersion(dbms) + " ready on bolt://" + host + ":" + port);
            } catch (RuntimeException e) {
                startFailure = e;
            }
        }
        if (startFailure != null) { // System.exit outside the monitor: exit runs the hook
            log("FAILED to start Neo4j: " + startFailure);
            startFailure.printStackTrace();
            System.exit(1);
        }

        // Block until the shutdown hook has finished (SIGTERM/SIGINT -> hook -> countDown).
        stopped.await();
    }

    /**
     * Community edition has no "initial password" API in embedded mode, so we set it through the
     * system database. Embedded transactions run with full (auth-disabled) privileges, so
     * ALTER USER works even though the user is still on the factory password 'neo4j' with
     * "change required". Done on every start so changing NEO4J_PASSWORD simply takes effect.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database("system");
        try {
            // Explicit timeout: a short db.transaction.timeout (NEO4J_TX_TIMEOUT) must not kill this
            // first, cold-compiled query.
            try (Transaction tx = system.beginTx(5, TimeUnit.MINUTES)) {
                tx.execute("ALTER USER " + USER + " SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED",
                        Map.of("pw", password)).close();
                tx.commit();
            }
            log("password of user '" + USER + "' set (auth enabled)");
        } catch (RuntimeException e) {
            // Setting the identical password again is refused by some versions; that is fine.
            String msg = String.valueOf(e.getMessage()).toLowerCase();
            if (msg.contains("same") || msg.contains("old password")) {
                log("password of user '" + USER + "' already up to date (auth enabled; server said: "
                        + e.getMessage() + ")");
            } else {
                throw e;
            }
        }
    }

    private static String neo4jVersion(DatabaseManagementService dbms) {
        try (Transaction tx = dbms.database("system").beginTx(1, TimeUnit.MINUTES);
             Result r = tx.execute("CALL dbms.components() YIELD versions, edition "
                     + "RETURN versions[0] + ' ' + edition AS v")) {
            return r.hasNext() ? String.valueOf(r.next().get("v")) : "?";
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
