package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** benchmark fit at toy sizes: the last line is the JSON summary, and the spectral start reaches the truth's optimum. */
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
        double median = j.get("errorRatioToTruthStart").get("median").asDouble();
        // both starts are refined on the same moments: the spectral one reaches the same optimum (ratio ≈ 1)
        assertTrue(median > 0.5 && median <= 1.3, "median ratio " + median);
        assertEquals(1.0, j.get("spectralSuccessRate").asDouble(), 0.0, out);
        double random = j.get("randomStartSuccessRate").asDouble();
        assertTrue(random >= 0 && random <= 1);
    }
}
