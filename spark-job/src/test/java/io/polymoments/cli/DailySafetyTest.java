package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled runs that overlap or repeat: the model follows the newest window, one run at a time, every run logged. */
class DailySafetyTest {
    private static final String[] DAYS = {"2026-06-01", "2026-06-02", "2026-06-03"};
    private static final long[] ROWS = {3000, 4000, 5000};
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeEach
    void threeDays() {
        for (int i = 0; i < DAYS.length; i++) {
            ok("generate", "--kind", "quadratic", "--r", "2", "--n", String.valueOf(ROWS[i]), "--seed",
                    String.valueOf(20 + i), "--out", p("gen" + i));
            spark.read().parquet(p("gen" + i)).withColumn("dt", functions.lit(DAYS[i])).write().partitionBy("dt")
                    .mode("append").parquet(p("root"));
        }
    }

    private static void ok(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(0, r.code(), r.err());
    }

    private CliInputErrorsTest.Run daily(String day, String... extra) {
        String[] base = {"daily", "--date", day, "--input", p("root"), "--state", p("state"), "--window", "3d"};
        return CliInputErrorsTest.run(DailyCommandTest.concat(base, extra));
    }

    private List<JsonNode> runs() throws Exception {
        ObjectMapper m = new ObjectMapper();
        return Files.readAllLines(dir.resolve("state/runs.json")).stream().map(l -> {
            try {
                return m.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("runs.json line is not JSON: " + l, e);
            }
        }).toList();
    }

    @Test
    void rerunningAnEarlierDayKeepsTheModelOfTheNewestWindow() throws Exception {
        for (String d : DAYS) {
            assertEquals(0, daily(d).code());
        }
        long all = ROWS[0] + ROWS[1] + ROWS[2];
        assertEquals(all, QuadraticPushforwardModel.load(p("state/model")).nUsed());
        CliInputErrorsTest.Run rerun = daily(DAYS[1]);
        assertEquals(0, rerun.code(), rerun.err());
        assertEquals(all, QuadraticPushforwardModel.load(p("state/model")).nUsed(),
                "a rerun of an earlier day must not roll the model back to that day's window");
        JsonNode last = runs().get(3);
        assertEquals(DAYS[1], last.path("date").asText());
        assertEquals(DAYS[0] + ".." + DAYS[2], last.path("window").asText());
        assertEquals(all, last.path("rows").asLong());
    }

    @Test
    void everyRunIsLoggedWithItsTimesWindowRowsVerdictAndExitStatus() throws Exception {
        assertEquals(0, daily(DAYS[0]).code());
        // a run that fails once it has started (no samples for that day) is logged with its exit status; bad options
        // are refused before a run starts and log nothing
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, daily(DAYS[1], "--fit-args", "--rank 0").code());
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, daily("2026-06-09").code());
        List<JsonNode> runs = runs();
        assertEquals(2, runs.size());
        JsonNode ok = runs.get(0);
        for (String key : new String[] {"start", "end", "date", "window", "rows", "verdict", "exitStatus"}) {
            assertTrue(ok.has(key), "runs.json lacks " + key + ": " + ok);
        }
        assertTrue(!Instant.parse(ok.path("end").asText()).isBefore(Instant.parse(ok.path("start").asText())));
        assertEquals(ROWS[0], ok.path("rows").asLong());
        assertEquals(0, ok.path("exitStatus").asInt());
        assertFalse(ok.path("verdict").asText().isEmpty());
        JsonNode failed = runs.get(1);
        assertEquals(2, failed.path("exitStatus").asInt());
        assertEquals("2026-06-09", failed.path("date").asText());
        assertFalse(failed.path("error").asText().isEmpty());
    }

    @Test
    void aSecondRunWaitsForTheLockThenGivesUpNamingTheHolder() throws Exception {
        assertEquals(0, daily(DAYS[0], "--no-fit").code());
        Path lock = dir.resolve("state/_lock");
        Files.writeString(lock, "{\"owner\":\"4242@batch-host (batch-host)\",\"run\":\"daily --date 2026-06-02\","
                + "\"started\":\"2026-06-03T02:15:00Z\",\"token\":\"t\"}");
        CliInputErrorsTest.Run r = daily(DAYS[1], "--no-fit", "--lock-timeout", "2s");
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("locked by 4242@batch-host"), r.err());
        assertTrue(r.err().contains("daily --date 2026-06-02"), r.err());
        assertFalse(Files.exists(dir.resolve("state/sketches/dt=" + DAYS[1])), "the locked-out run wrote nothing");
        assertTrue(Files.exists(lock), "another run's lock is not ours to remove");

        // a lock nobody has refreshed for longer than the stale age belongs to a dead run: broken, and the run goes on
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(3600)));
        CliInputErrorsTest.Run after = daily(DAYS[1], "--no-fit", "--lock-timeout", "0s", "--lock-stale-after", "10m");
        assertEquals(0, after.code(), after.err());
        assertTrue(Files.exists(dir.resolve("state/sketches/dt=" + DAYS[1])));
        assertFalse(Files.exists(lock), "the lock is released at the end");
    }

    @Test
    void theStateMayNotLieInsideTheSamples() {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run("daily", "--date", DAYS[0], "--input", p("root"),
                "--state", p("root/state"), "--no-fit");
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("--state"), r.err());
        assertFalse(Files.exists(dir.resolve("root/state")));
    }
}
