package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * benchmark fit and benchmark scale at toy sizes print their tables, then the JSON summary as the last line; a bad size
 * exits 2 naming its flag.
 */
class FitBenchmarkCommandTest {

    @Test
    void lastLineIsTheJsonSummary() throws Exception {
        CliInputErrorsTest.Run run = CliInputErrorsTest.run("benchmark", "fit", "--driver-r", "3", "--driver-d", "8",
                "--driver-n", "5000", "--r", "3", "--n", "30000", "--seeds", "3", "--random-starts", "2", "--repeats",
                "1");
        String out = run.out().trim();
        assertEquals(0, run.code(), run.err() + out);
        String[] lines = out.split("\\R");
        JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(6, j.get("driverK").asInt());
        assertTrue(j.get("driverSeconds").asDouble() > 0);
        assertEquals(3, j.get("seeds").asInt());
        assertTrue(j.has("errorRatioToTruthStart") && j.has("spectralSuccessRate") && j.has("blas"), out);
        assertTrue(out.contains("error ratio fit / truth-started"), out);
    }

    @Test
    void badSizeExitsTwoNamingItsFlag() {
        CliInputErrorsTest.Run run = CliInputErrorsTest.run("benchmark", "fit", "--driver-n", "10");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("--driver-n"), run.err());
    }

    @Test
    void scaleAtToySizesEndsWithItsJsonLine() throws Exception {
        CliInputErrorsTest.Run run = CliInputErrorsTest.run("benchmark", "scale", "--quadratic-r", "2",
                "--quadratic-n", "5000", "--lowrank", "3x2", "--lowrank-rows", "0", "--memory", "2x10");
        String out = run.out().trim();
        assertEquals(0, run.code(), run.err() + out);
        String[] lines = out.split("\\R");
        JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(2, j.get("quadratic").get(0).get("r").asInt());
        assertEquals(3, j.get("lowrank").get(0).get("m").asInt());
        assertEquals("fits", j.get("memory").get(0).get("status").asText());
        assertTrue(out.contains("quadratic r =  2"), out);
    }

    @Test
    void aMalformedScaleSizeExitsTwoNamingItsFlag() {
        CliInputErrorsTest.Run run = CliInputErrorsTest.run("benchmark", "scale", "--lowrank", "6-4");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("--lowrank"), run.err());
    }
}
