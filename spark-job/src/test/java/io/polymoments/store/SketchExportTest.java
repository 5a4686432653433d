package io.polymoments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.output.Json;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SharedSpark;
import io.polymoments.spark.SketchJob;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stored sketch exported as plain JSON numbers: population-normalised moments, the basis, the units. */
class SketchExportTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** The sketch of the samples at {@code data} ({@code rank} null: raw), stored at {@code out} and read back. */
    private SketchBundle stored(String data, int order, String rank, String out) {
        SampleSet samples = new SampleReader(spark).read(p(data), null, SampleSet.COLUMN, List.of(), null);
        SketchStore store = new SketchStore(spark);
        store.save(new SketchJob(spark).run(samples, order, rank != null, rank, 20, 0L, InvalidRowPolicy.FAIL)
                .bundle(), p(out), false);
        return store.load(p(out));
    }

    private static String export(SketchBundle b) {
        return Json.document(SketchExport.json(b));
    }

    @Test
    void exportHoldsPopulationNormalisedMomentsAndTheBasis() throws Exception {
        Generate.kind(GeneratorKind.GAUSSIAN).n(4000).d(4).seed(3).into(spark, p("data"));
        SketchBundle b = stored("data", 4, "3", "s");
        JsonNode j = new ObjectMapper().readTree(export(b));
        MomentSketch z = b.whitened().total();
        assertEquals(4000, j.get("count").asLong());
        assertEquals(3, j.get("covariance").size());
        double[] cov = z.covariance();
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(cov[i + 3 * k], j.get("covariance").get(i).get(k).asDouble(), 0.0);
                assertEquals(i == k ? 1.0 : 0.0, j.get("covariance").get(i).get(k).asDouble(), 1e-9);
            }
        }
        assertEquals(3, j.get("centralMoment3").get(2).get(1).size());
        assertEquals(z.thirdCumulant()[(2 * 3 + 1) * 3], j.get("centralMoment3").get(2).get(1).get(0).asDouble(), 0.0);
        assertEquals(3, j.get("centralMoment4").get(0).get(0).get(0).size());
        assertEquals(4, j.get("basis").size());
        assertEquals(3, j.get("basis").get(0).size());
        assertEquals(4, j.get("pass1").get("covariance").size());
    }

    /**
     * A raw order-4 sketch of data at 1e300 (squares 1e600): stored in power-of-two units that the export names,
     * every number finite, and equal to the unit data's moments once the units are undone.
     */
    @Test
    void aSketchOfDataBeyondTheSquareRangeSaysItsUnitsAndHoldsFiniteNumbers() throws Exception {
        Generate.kind(GeneratorKind.QUADRATIC).r(3).n(20000).seed(1).into(spark, p("unit"));
        spark.read().parquet(p("unit")).selectExpr("transform(y, v -> v * double('" + 1e300 + "')) AS y")
                .write().parquet(p("big"));
        SketchBundle bigSketch = stored("big", 4, null, "big-sketch");
        SketchBundle unitSketch = stored("unit", 4, null, "unit-sketch");
        String text = export(bigSketch);
        assertFalse(text.contains("NaN") || text.contains("Infinity"), "no NaN or infinite numbers");
        JsonNode big = new ObjectMapper().readTree(text);
        JsonNode unit = new ObjectMapper().readTree(export(unitSketch));
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
        String m = assertThrows(InvalidInputException.class, () -> SketchBundle.merge(bigSketch, unitSketch))
                .getMessage();
        assertTrue(m.contains("different units"), m);
    }
}
