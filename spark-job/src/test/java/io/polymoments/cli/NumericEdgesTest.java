package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line at the edges of what the data can support: values whose squares leave the double range, and too
 * few rows for their width.
 */
class NumericEdgesTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static CliInputErrorsTest.Run ok(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(PolymomentsCli.EXIT_OK, r.code(), r.err());
        return r;
    }

    /** Quadratic data (r = 3, d = 6) at unit scale and multiplied by {@code factor}, as Spark SQL would scale them. */
    private void quadraticData(String unit, String scaled, double factor) {
        ok("generate", "--kind", "quadratic", "--r", "3", "--n", "20000", "--seed", "1", "--out", p(unit));
        spark.read().parquet(p(unit)).selectExpr("transform(y, v -> v * double('" + factor + "')) AS y")
                .write().parquet(p(scaled));
    }

    /**
     * A raw order-4 sketch of data at 1e300 (squares 1e600): stored in power-of-two units that the export names,
     * every number finite, and equal to the unit data's moments once the units are undone.
     */
    @Test
    void aSketchOfDataBeyondTheSquareRangeSaysItsUnitsAndHoldsFiniteNumbers() throws Exception {
        quadraticData("unit", "big", 1e300);
        ok("moments", "--input", p("big"), "--order", "4", "--out", p("big-sketch"));
        ok("moments", "--input", p("unit"), "--order", "4", "--out", p("unit-sketch"));
        ok("export", "--sketch", p("big-sketch"), "--format", "json", "--out", p("big.json"));
        ok("export", "--sketch", p("unit-sketch"), "--format", "json", "--out", p("unit.json"));
        String text = Files.readString(dir.resolve("big.json"));
        assertFalse(text.contains("NaN") || text.contains("Infinity"), "no NaN or infinite numbers");
        JsonNode big = new ObjectMapper().readTree(text);
        JsonNode unit = new ObjectMapper().readTree(dir.resolve("unit.json").toFile());
        assertTrue(unit.get("scale").isNull(), "ordinary data are in their own units");
        assertTrue(big.get("units").asText().contains("y_j / 2^"), big.get("units").asText());
        JsonNode scale = big.get("scale");
        assertEquals(6, scale.size());
        for (int i = 0; i < 6; i++) {
            double s = scale.get(i).asDouble();
            assertEquals(s, Math.scalb(1.0, Math.getExponent(s)), 0.0, "a power of two");
            // the mean and covariance in scaled units times s/1e300 are the unit data's (1e300 rounds each value)
            double f = s / 1e300;
            assertEquals(unit.get("mean").get(i).asDouble(), big.get("mean").get(i).asDouble() * f,
                    1e-12 * Math.abs(unit.get("mean").get(i).asDouble()) + 1e-15);
            for (int j = 0; j < 6; j++) {
                double fj = scale.get(j).asDouble() / 1e300;
                double c = unit.get("covariance").get(i).get(j).asDouble();
                assertEquals(c, big.get("covariance").get(i).get(j).asDouble() * f * fj, 1e-12 * Math.abs(c) + 1e-15);
            }
        }
        // sketches in other units do not merge silently
        CliInputErrorsTest.Run merged = CliInputErrorsTest.run("merge-moments", "--inputs",
                p("big-sketch") + "," + p("unit-sketch"), "--out", p("merged"));
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, merged.code(), merged.err());
        assertTrue(merged.err().contains("different units"), merged.err());
    }
}
