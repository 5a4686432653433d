package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate with a low-rank --model (truth JSON, data directory or fitted model directory) and a low-rank --truth. */
class EvaluateLowRankTest {
    @TempDir
    Path dir;

    {
        SharedSpark.session();
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static void ok(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(0, r.code(), r.err());
    }

    private static void bad(String mustContain, String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains(mustContain), "message should mention '" + mustContain + "': " + r.err());
    }

    private JsonNode json(String name) throws Exception {
        return new ObjectMapper().readTree(dir.resolve(name).toFile());
    }

    private void generate(String out, int n, long seed) {
        ok("generate", "--kind", "lowrank", "--n", String.valueOf(n), "--d", "5", "--r", "2", "--m", "3",
                "--activation", "known:0,1", "--seed", String.valueOf(seed), "--out", p(out));
    }

    @Test
    void truthIsConsistentAndAnotherInstanceIsFlagged() throws Exception {
        generate("data", 40_000, 3);
        ok("evaluate", "--model", p("data/_truth.json"), "--input", p("data"), "--truth", p("data"),
                "--sliced-samples", "5000", "--directions", "50", "--report", p("truth.json"));
        JsonNode r = json("truth.json");
        assertEquals("lowrank", r.get("family").asText());
        assertEquals(40_000, r.get("n").asLong());
        assertEquals(3, r.get("whitenedDimension").asInt());
        assertTrue(r.get("consistent").asBoolean(), r.toString());
        for (String c : new String[] {"mean", "covariance", "thirdCumulant"}) {
            double ratio = r.get("moments").get(c).get("ratio").asDouble();
            assertTrue(ratio > 0 && ratio < 3, c + ": " + r);
        }
        double sliced = r.get("slicedWasserstein1").get("ratio").asDouble();
        assertTrue(sliced > 0.5 && sliced < 1.5, r.toString());
        JsonNode t = r.get("againstTruth");
        assertTrue(t.get("errW").asDouble() < 1e-9 && t.get("errS").asDouble() < 1e-9, r.toString());
        assertEquals(3, t.get("permutation").size());

        // another instance of the same shape: moments far off, a large parameter error
        generate("other", 2000, 8);
        ok("evaluate", "--model", p("other"), "--input", p("data"), "--truth", p("data/_truth.json"),
                "--sliced-samples", "5000", "--directions", "50", "--report", p("other.json"));
        JsonNode o = json("other.json");
        assertFalse(o.get("consistent").asBoolean(), o.toString());
        assertTrue(o.get("moments").get("covariance").get("ratio").asDouble() > 3, o.toString());
        assertTrue(o.get("againstTruth").get("errW").asDouble() > 0.1, o.toString());
    }

    @Test
    void fittedModelDirectoryIsEvaluatedAgainstTheTruth() throws Exception {
        // the well-conditioned instance of LowRankCommandsTest: with r = 2, m = 3 He_2 units exceed the identifiability
        // bound (the fit warns), and there the fitted law matches the data while W may be far from the truth's
        ok("generate", "--kind", "lowrank", "--n", "100000", "--d", "6", "--r", "3", "--m", "3", "--activation",
                "known:0,1", "--seed", "0", "--out", p("data"));
        ok("fit", "--input", p("data"), "--model", "lowrank", "--rank", "3", "--activation", "known:0,1",
                "--restarts", "3", "--out", p("model"));
        ok("evaluate", "--model", p("model"), "--input", p("data"), "--truth", p("data"), "--sliced-samples",
                "5000", "--directions", "50", "--report", p("fit.json"));
        JsonNode r = json("fit.json");
        assertEquals("lowrank", r.get("family").asText());
        assertTrue(r.get("consistent").asBoolean(), r.toString());
        assertTrue(r.get("slicedWasserstein1").get("ratio").asDouble() < 1.5, r.toString());
        // a fitted model is close to the truth modulo the symmetries, but not exactly it
        double errW = r.get("againstTruth").get("errW").asDouble();
        assertTrue(errW > 1e-6 && errW < 0.3, r.toString());
    }

    @Test
    void misspecifiedActivationIsFlaggedByTheFitAndByEvaluate() throws Exception {
        // odd He_3 units (a symmetric law) fitted as even He_2 units
        ok("generate", "--kind", "lowrank", "--n", "40000", "--d", "5", "--r", "2", "--m", "3", "--activation",
                "known:0,0,1", "--seed", "4", "--out", p("data"));
        ok("fit", "--input", p("data"), "--model", "lowrank", "--rank", "2", "--hidden", "3", "--activation",
                "known:0,1", "--restarts", "2", "--out", p("model"), "--report", p("fit.json"));
        JsonNode diag = json("fit.json").get("diagnostics");
        assertEquals("DOES_NOT_FIT", diag.get("verdict").asText(), diag.toString());
        JsonNode sliced = diag.get("slicedW1");
        assertTrue(sliced.get("ratio").asDouble() > 1.5 && !sliced.get("passes").asBoolean(), sliced.toString());
        ok("evaluate", "--model", p("model"), "--input", p("data"), "--sliced-samples", "5000", "--directions",
                "50", "--report", p("eval.json"));
        JsonNode r = json("eval.json");
        assertFalse(r.get("consistent").asBoolean(), r.toString());
        assertTrue(r.get("slicedWasserstein1").get("ratio").asDouble() > 1.5, r.toString());
    }

    @Test
    void badInputsExitWithTwoAndLeaveNoReport() {
        generate("data", 2000, 1);
        ok("generate", "--kind", "quadratic", "--r", "2", "--n", "10", "--seed", "2", "--out", p("quad"));
        bad("--law", "evaluate", "--model", p("data"), "--law", "gaussian", "--input", p("data"), "--report",
                p("r.json"));
        bad("not a low-rank truth", "evaluate", "--model", p("data"), "--truth", p("quad"), "--input", p("data"),
                "--report", p("r.json"));
        bad("is a low-rank model but", "evaluate", "--model", p("quad"), "--truth", p("data"), "--input", p("data"),
                "--report", p("r.json"));
        bad("coordinates", "evaluate", "--model", p("data"), "--input", p("quad"), "--report", p("r.json"));
        assertFalse(Files.exists(dir.resolve("r.json")));
    }
}
