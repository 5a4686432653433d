package io.polymoments.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled runs that overlap or repeat: the model follows the newest window, one run at a time, every run logged. */
class DailyRunSafetyTest {
    private static final String[] DAYS = {"2026-06-01", "2026-06-02", "2026-06-03"};
    private static final long[] ROWS = {3000, 4000, 5000};
    private static final SparkSession spark = SharedSpark.session();
    /** The three days' samples, which no test changes. */
    @TempDir
    static Path samples;
    @TempDir
    Path dir;

    @BeforeAll
    static void threeDays() {
        for (int i = 0; i < DAYS.length; i++) {
            String gen = samples.resolve("gen" + i).toString();
            Generate.kind(GeneratorKind.QUADRATIC).r(2).n(ROWS[i]).seed(20 + i).into(spark, gen);
            spark.read().parquet(gen).withColumn("dt", functions.lit(DAYS[i])).write().partitionBy("dt")
                    .mode("append").parquet(root());
        }
    }

    private static String root() {
        return samples.resolve("root").toString();
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private Daily daily() {
        return Daily.of(root(), p("state")).window(3);
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
            daily().run(spark, d);
        }
        long all = ROWS[0] + ROWS[1] + ROWS[2];
        assertEquals(all, QuadraticPushforwardModel.load(p("state/model")).nUsed());
        daily().run(spark, DAYS[1]);
        assertEquals(all, QuadraticPushforwardModel.load(p("state/model")).nUsed(),
                "a rerun of an earlier day must not roll the model back to that day's window");
        JsonNode last = runs().get(3);
        assertEquals(DAYS[1], last.path("date").asText());
        assertEquals(DAYS[0] + ".." + DAYS[2], last.path("window").asText());
        assertEquals(all, last.path("rows").asLong());
    }

    @Test
    void everyRunIsLoggedWithItsTimesWindowRowsVerdictAndExitStatus() throws Exception {
        daily().run(spark, DAYS[0]);
        // a run that fails once it has started (no samples for that day) is logged with its exit status
        assertThrows(InvalidInputException.class, () -> daily().run(spark, "2026-06-09"));
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
        daily().noFit().run(spark, DAYS[0]);
        Path lock = dir.resolve("state/_lock");
        Files.writeString(lock, "{\"owner\":\"4242@batch-host (batch-host)\",\"run\":\"daily --date 2026-06-02\","
                + "\"started\":\"2026-06-03T02:15:00Z\",\"token\":\"t\"}");
        String m = assertThrows(InvalidInputException.class,
                () -> daily().noFit().lockTimeout(Duration.ofSeconds(2)).run(spark, DAYS[1])).getMessage();
        assertTrue(m.contains("locked by 4242@batch-host"), m);
        assertTrue(m.contains("daily --date 2026-06-02"), m);
        assertFalse(Files.exists(dir.resolve("state/sketches/dt=" + DAYS[1])), "the locked-out run wrote nothing");
        assertTrue(Files.exists(lock), "another run's lock is not ours to remove");

        // a lock nobody has refreshed for longer than the stale age belongs to a dead run: broken, and the run goes on
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(3600)));
        daily().noFit().lockTimeout(Duration.ZERO).lockStaleAfter(Duration.ofMinutes(10)).run(spark, DAYS[1]);
        assertTrue(Files.exists(dir.resolve("state/sketches/dt=" + DAYS[1])));
        assertFalse(Files.exists(lock), "the lock is released at the end");
    }

    @Test
    void theStateMayNotLieInsideTheSamples() {
        String m = assertThrows(InvalidInputException.class,
                () -> Daily.of(root(), root() + "/state").noFit().run(spark, DAYS[0])).getMessage();
        assertTrue(m.contains("--state"), m);
        assertFalse(Files.exists(samples.resolve("root/state")));
    }
}
