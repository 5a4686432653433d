package io.polymoments.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated data fitted through the real Spark passes at n = 2·10⁵: data whose moments up to order 4 are exactly
 * Gaussian (hard instances, Gaussians) get "moments near-Gaussian: cannot identify" with the statistics behind it, in
 * the goodness-of-fit summary and the report; quadratic data of the same size still fit.
 */
class NearGaussianFittingTest {
    private static final int N = 200_000;

    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** Fits a data directory with its report; returns the goodness-of-fit summary. */
    private String fit(String data) {
        Fitting.Outcome o = Fit.quadratic().report(p(data + "-report.json")).fromSamples(spark, p(data),
                p(data + "-model"));
        return ((QuadraticFitting.Outcome) o).fit().goodnessOfFit().summary();
    }

    private JsonNode goodnessOfFit(String data) throws Exception {
        return new ObjectMapper().readTree(dir.resolve(data + "-report.json").toFile())
                .get("diagnostics").get("goodnessOfFit");
    }

    /** The verdict, the statistics in the JSON and in the summary for data that should look Gaussian. */
    private void assertCannotIdentify(String data, int m) throws Exception {
        String summary = fit(data);
        assertTrue(summary.contains("goodness of fit: moments near-Gaussian: cannot identify"), summary);
        assertTrue(summary.contains("cumulants vs Gaussian (orders 3..4): consistent; largest |z|"), summary);
        assertTrue(summary.contains("chi-square per entry"), summary);
        JsonNode g = goodnessOfFit(data);
        assertEquals("moments near-Gaussian: cannot identify", g.get("verdict").asText());
        JsonNode check = g.get("gaussianity");
        assertTrue(check.get("consistentWithGaussian").asBoolean());
        double threshold = check.get("zThreshold").asDouble();
        assertTrue(check.get("maxAbsZ").asDouble() <= threshold, check.toString());
        assertEquals(2, check.get("orders").size(), "pass 2 sketched orders 3 and 4 (m <= 20)");
        // m whitened coordinates: C(m+2, 3) third-order and C(m+3, 4) fourth-order distinct entries
        assertEquals((long) m * (m + 1) * (m + 2) / 6, check.get("orders").get(0).get("entries").asLong());
        assertEquals((long) m * (m + 1) * (m + 2) * (m + 3) / 24, check.get("orders").get(1).get("entries").asLong());
        for (JsonNode o : check.get("orders")) {
            // the null's chi-square per entry is ≈ 1 (sd √(2/entries) ≤ 0.19 here)
            assertEquals(1.0, o.get("chiSquarePerEntry").asDouble(), 0.6, o.toString());
        }
    }

    @Test
    void hardInstancesInSixAndTenDimensionsCannotBeIdentifiedFromMoments() throws Exception {
        Generate.kind(GeneratorKind.HARD).instance("bounded_k4").d(6).n(N).seed(31).into(spark, p("hard6"));
        assertCannotIdentify("hard6", 6);   // auto rank: r = 3, m = d = 6
        Generate.kind(GeneratorKind.HARD).instance("bounded_k4").d(10).n(N).seed(32).into(spark, p("hard10"));
        assertCannotIdentify("hard10", 10); // r = 4, m = d = 10
    }

    /**
     * d = 8 is no admissible dimension (tri(r) = 6, 10; tri(r+1) − 1 = 5, 9) and the flat spectrum decides no rank:
     * instead of that error, a provisional r = 3 fit on m = 6 coordinates shows the moments are Gaussian.
     */
    @Test
    void aHardInstanceWithoutADecidableRankIsStillReportedAsCannotIdentify() throws Exception {
        Generate.kind(GeneratorKind.HARD).instance("bounded_k4").d(8).n(N).seed(35).into(spark, p("hard8"));
        assertCannotIdentify("hard8", 6);
        JsonNode notes = new ObjectMapper().readTree(dir.resolve("hard8-report.json").toFile())
                .get("diagnostics").get("notes");
        assertTrue(notes.get(0).asText().contains("decides no number of latent variables"), notes.toString());
    }

    @Test
    void gaussianDataCannotBeIdentifiedAndQuadraticDataFit() throws Exception {
        Generate.kind(GeneratorKind.GAUSSIAN).d(6).n(N).seed(33).into(spark, p("gauss"));
        assertCannotIdentify("gauss", 6);

        Generate.kind(GeneratorKind.QUADRATIC).r(3).n(N).seed(34).into(spark, p("quad"));
        String summary = fit("quad");
        assertTrue(summary.contains("goodness of fit: fits"), summary);
        assertTrue(summary.contains("cumulants vs Gaussian (orders 3..4): not consistent"), summary);
        JsonNode g = goodnessOfFit("quad");
        assertEquals("fits", g.get("verdict").asText());
        assertFalse(g.get("gaussianity").get("consistentWithGaussian").asBoolean());
    }
}
