package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.datasets.NoisySampler;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.output.Json;
import io.polymoments.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quadratic data with additive Gaussian noise (r = 3, d = 12) through the command line, the rank and model class
 * given (deciding them, and the fit's own verdict, on noisy data is another matter): the automatic noise model finds
 * the noise variances within a few percent, and evaluate finds the model consistent with held-out data, its
 * covariance residual at its sampling noise; fitted without the noise model the same data are flagged by evaluate.
 */
class NoisyFitCommandTest {
    private static final int D = 12;
    private static final QuadraticTransform P =
            QuadraticTransform.random(3, D, QuadraticTransform.Structure.LOWRANK, 1.0, false, 12);

    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    /** Rows p(x) + τ_i e_i at {@code name}. */
    private String data(String name, double[] tau, long seed, long n) {
        String path = dir.resolve(name).toString();
        SampleSetGenerator.generate(spark, NoisySampler.wrap(QuadraticSampler.of(P), tau), new SampleStream(seed, n), 0)
                .write().parquet(path);
        return path;
    }

    /**
     * Noise standard deviations spreading linearly over {@code spread}:1 whose largest variance is {@code share} of the
     * mean signal variance per output.
     */
    private static double[] tau(double share, double spread) {
        double[] cov = P.covariance();
        double mean = 0;
        for (int i = 0; i < D; i++) {
            mean += cov[i + i * D] / D;
        }
        double[] t = new double[D];
        for (int i = 0; i < D; i++) {
            t[i] = Math.sqrt(share * mean) * (1 + (spread - 1) * i / (D - 1.0)) / spread;
        }
        return t;
    }

    private static JsonNode json(String file) throws IOException {
        return Json.MAPPER.readTree(Files.readString(Path.of(file)));
    }

    private static CliInputErrorsTest.Run ok(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(PolymomentsCli.EXIT_OK, r.code(), r.err());
        return r;
    }

    /** Fits with {@code noise} and evaluates on the held-out set; returns the fit report and the evaluation. */
    private JsonNode[] fitAndEvaluate(String train, String heldOut, String noise, String name) throws IOException {
        String model = dir.resolve(name).toString();
        String fitReport = dir.resolve(name + "-fit.json").toString();
        String evalReport = dir.resolve(name + "-eval.json").toString();
        ok("fit", "--input", train, "--model", "quadratic", "--rank", "3", "--model-class", "homogeneous", "--noise",
                noise, "--out", model, "--report", fitReport);
        ok("evaluate", "--model", model, "--input", heldOut, "--mixture-max-k", "0", "--sliced-samples", "20000",
                "--report", evalReport);
        return new JsonNode[] {json(fitReport), json(evalReport)};
    }

    private void noiseIsFoundAndWithoutItTheDataAreFlagged(double[] tau, AdditiveNoise.Kind kind, String name)
            throws IOException {
        String train = data(name + "-train", tau, 1, 200_000);
        String heldOut = data(name + "-heldout", tau, 2, 100_000);
        JsonNode[] auto = fitAndEvaluate(train, heldOut, "auto", name + "-auto");
        QuadraticPushforwardModel model = QuadraticPushforwardModel.load(dir.resolve(name + "-auto").toString());
        assertEquals(kind, model.noise().kind(), auto[0].at("/diagnostics/noise").toString());
        for (int i = 0; i < D; i++) {
            double want = tau[i] * tau[i];
            assertEquals(want, model.noise().variances()[i], 0.05 * want, name + ": noise variance of output " + i);
        }
        assertEquals(kind.label(), auto[0].at("/diagnostics/noise/kind").asText());
        double covRatio = auto[1].at("/moments/covariance/ratio").asDouble();
        assertTrue(covRatio < 3, name + ": held-out covariance residual / noise " + covRatio);
        assertTrue(auto[1].path("consistent").asBoolean(), name + ": " + auto[1].path("moments") + " "
                + auto[1].path("slicedWasserstein1"));

        JsonNode[] none = fitAndEvaluate(train, heldOut, "none", name + "-none");
        assertEquals("none", none[0].at("/diagnostics/noise/kind").asText());
        assertFalse(none[1].path("consistent").asBoolean(), name + " without the noise model: "
                + none[1].path("moments") + " " + none[1].path("slicedWasserstein1"));
    }

    @Test
    void isotropicNoiseAtTheSignalsVariance() throws IOException {
        noiseIsFoundAndWithoutItTheDataAreFlagged(tau(1.0, 1), AdditiveNoise.Kind.ISOTROPIC, "iso");
    }

    @Test
    void diagonalNoiseSpreadFourToOne() throws IOException {
        noiseIsFoundAndWithoutItTheDataAreFlagged(tau(0.5, 4), AdditiveNoise.Kind.DIAGONAL, "diag");
    }
}
