package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** benchmark fit at toy sizes prints its table, then the JSON summary as the last line; a bad size exits 2 naming its flag. */
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
}
