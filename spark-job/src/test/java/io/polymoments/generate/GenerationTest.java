package io.polymoments.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.HardInstanceCatalog;
import io.polymoments.datasets.RowSampler;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.decompose.DenseTensor;
import io.polymoments.decompose.GaugeAlignment;
import io.polymoments.decompose.TensorRing;
import io.polymoments.decompose.TensorRingDecomposition;
import io.polymoments.learn.GaussianityCheck;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SharedSpark;
import io.polymoments.spark.SketchJob;
import io.polymoments.store.RingIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generator kind of {@link Generation}, real Parquet and the real Spark moment passes: partition-count
 * invariance, the truth it writes, first two moments against the truth's closed forms, the Gaussianity verdict on
 * moment-matching (hard) data, output noise, ring tensors that the decomposition reads directly, and the settings it
 * refuses.
 */
class GenerationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double Z = 5; // per-entry CLT tolerance in standard errors (a few dozen entries per test)

    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    /** The message of the refusal to generate {@code g} into x. */
    private String fails(Generate g) {
        return assertThrows(InvalidInputException.class, () -> g.into(spark, p("x"))).getMessage();
    }

    private SampleSet samples(String data) {
        return new SampleReader(spark).read(p(data), null, SampleSet.COLUMN, List.of(), null);
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private JsonNode truth(String data) throws IOException {
        return JSON.readTree(dir.resolve(data).resolve(io.polymoments.output.OutputKind.TRUTH_FILE).toFile());
    }

    private MomentSketch rawSketch(String data, int order) {
        return new SketchJob(spark).run(samples(data), order, false, "auto", InvalidRowPolicy.FAIL).bundle().raw()
                .total();
    }

    /** The Gaussianity check of the order-4 sketch whitened at the automatic rank (as 'moments --whiten' makes it). */
    private GaussianityCheck.Result whitenedCheck(String data) {
        SketchBundle b = new SketchJob(spark).run(samples(data), 4, true, "auto", 20, 0L, InvalidRowPolicy.FAIL)
                .bundle();
        return GaussianityCheck.check(b.whitened());
    }

    private List<double[]> sortedRows(String path) {
        List<double[]> rows = new ArrayList<>();
        for (Row row : spark.read().parquet(path).collectAsList()) {
            List<Double> l = row.getList(0);
            rows.add(l.stream().mapToDouble(Double::doubleValue).toArray());
        }
        rows.sort(Comparator.comparingDouble((double[] a) -> a[0]).thenComparingDouble(a -> a[1]));
        return rows;
    }

    private void assertSameRows(String a, String b) {
        Dataset<Row> x = spark.read().parquet(p(a));
        Dataset<Row> y = spark.read().parquet(p(b));
        assertEquals(x.count(), y.count());
        assertEquals(0, x.exceptAll(y).count(), a + " vs " + b);
        assertEquals(0, y.exceptAll(x).count(), b + " vs " + a);
    }

    /** Mean and covariance of the data within Z standard errors of the Gaussian CLT (mean, Σ) from the truth. */
    private static void assertFirstTwoMoments(MomentSketch s, double[] mean, double[] cov, int d, String what) {
        long n = s.count();
        double[] m = s.mean();
        double[] c = s.covariance();
        for (int i = 0; i < d; i++) {
            assertEquals(mean[i], m[i], Z * Math.sqrt(cov[i + i * d] / n), what + ": mean " + i);
            for (int j = 0; j < d; j++) {
                // Var of a sample covariance entry for data with Gaussian fourth moments: (Σii Σjj + Σij²)/n
                double se = Math.sqrt((cov[i + i * d] * cov[j + j * d] + cov[i + j * d] * cov[i + j * d]) / n);
                assertEquals(cov[i + j * d], c[i + j * d], Z * se, what + ": covariance (" + i + "," + j + ")");
            }
        }
    }

    private static double[] matrix(JsonNode rows, int d) {
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i + j * d] = rows.get(i).get(j).asDouble();
            }
        }
        return a;
    }

    private static double[] vector(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    @Test
    void everyKindGivesTheSameRowsForOneAndSevenPartitions() {
        List<java.util.function.Supplier<Generate>> kinds = List.of(
                () -> Generate.kind(GeneratorKind.GAUSSIAN).d(3).covariance("random"),
                () -> Generate.kind(GeneratorKind.GAUSSIAN).d(3).covariance("identity").noise(0.4),
                () -> Generate.kind(GeneratorKind.HARD).d(4).instance("bounded_k6"),
                () -> Generate.kind(GeneratorKind.HARD).d(4).noise(0.2),
                () -> Generate.kind(GeneratorKind.RING).d(7).ranks(2, 3, 2).sigma(0.01));
        for (int k = 0; k < kinds.size(); k++) {
            for (int parts : new int[] {1, 7}) {
                kinds.get(k).get().n(9000).seed(4).partitions(parts).into(spark, p("g" + k + "p" + parts));
            }
            assertSameRows("g" + k + "p1", "g" + k + "p7");
        }
    }

    @Test
    void gaussianDataMatchTheTruthsMeanAndCovariance() throws IOException {
        int d = 4;
        Generate.kind(GeneratorKind.GAUSSIAN).n(60000).d(4).seed(8).into(spark, p("gr"));
        JsonNode t = truth("gr");
        double[] cov = matrix(t.get("covariance"), d);
        assertFirstTwoMoments(rawSketch("gr", 2), vector(t.get("mean")), cov, d, "random covariance");
        // the random Σ is not (close to) the identity, so the test above can tell covariances apart
        assertTrue(Math.abs(cov[1] ) > 0.05 || Math.abs(cov[2]) > 0.05 || Math.abs(cov[3]) > 0.05, "Σ off-diagonal " + cov[1]);

        Path given = dir.resolve("sigma.json");
        Files.writeString(given, "[[4, 1, 0], [1, 2, -0.5], [0, -0.5, 0.25]]");
        Generate.kind(GeneratorKind.GAUSSIAN).n(60000).covariance(given.toString()).seed(9).into(spark, p("gf"));
        JsonNode tf = truth("gf");
        assertEquals(3, tf.get("d").asInt());
        double[] sigma = {4, 1, 0, 1, 2, -0.5, 0, -0.5, 0.25};
        assertEquals(-0.5, tf.get("covariance").get(1).get(2).asDouble(), 0.0);
        assertFirstTwoMoments(rawSketch("gf", 2), new double[3], sigma, 3, "given covariance");
    }

    @Test
    void gaussianCovarianceFileErrorsNameTheProblem() throws IOException {
        Path notPsd = dir.resolve("bad.json");
        Files.writeString(notPsd, "[[1, 2], [2, 1]]");
        String err = fails(Generate.kind(GeneratorKind.GAUSSIAN).covariance(notPsd.toString()));
        assertTrue(err.contains("not positive semi-definite") && err.contains("-1"), err);
        Path asym = dir.resolve("asym.json");
        Files.writeString(asym, "[[1, 0.2], [0.3, 1]]");
        assertTrue(fails(Generate.kind(GeneratorKind.GAUSSIAN).covariance(asym.toString())).contains("not symmetric"));
        Path twoByTwo = dir.resolve("ok.json");
        Files.writeString(twoByTwo, "[[1, 0.2], [0.2, 1]]");
        assertTrue(fails(Generate.kind(GeneratorKind.GAUSSIAN).covariance(twoByTwo.toString()).d(3))
                .contains("--d 3 disagrees"));
        assertTrue(fails(Generate.kind(GeneratorKind.GAUSSIAN).covariance(dir.resolve("missing.json").toString()))
                .contains("random, identity or a JSON file"));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    /**
     * The hard instance in law: mean 0, covariance I (its fourth moments are Gaussian too, so the Gaussian CLT
     * tolerance is exact), bounded support along the truth's v and nowhere else; whitened order-3/4 cumulants within
     * sampling noise of 0, so the check says "cannot identify" — exactly as it does on Gaussian data.
     */
    @Test
    void hardDataAreGaussianToEveryMomentTestButNotAlongV() throws IOException {
        int d = 6;
        Generate.kind(GeneratorKind.HARD).instance("recommended").d(6).n(200_000).seed(21).into(spark, p("hard"));
        JsonNode t = truth("hard");
        String name = HardInstanceCatalog.shipped().get("recommended").name();
        assertEquals(name, t.get("instance").asText());
        assertEquals("recommended", t.get("requested").asText());
        assertEquals(4, t.get("k").asInt());
        assertEquals(21, t.get("direction_seed").asLong());
        double[] v = vector(t.get("v"));
        assertEquals(d, v.length);
        double norm = 0;
        for (double c : v) {
            norm += c * c;
        }
        assertEquals(1, norm, 1e-12);
        double[] identity = new double[d * d];
        for (int i = 0; i < d; i++) {
            identity[i + i * d] = 1;
        }
        assertFirstTwoMoments(rawSketch("hard", 2), new double[d], identity, d, "hard instance");

        // the truth's v is the hidden direction: <v, y> lives in [f(t_0), f(t_m)], while for N(0,1) at n = 2e5 the
        // largest |value| is about 4.5; a direction orthogonal to v is unbounded like a Gaussian
        double[] values = vector(t.get("link").get("values"));
        double bound = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
        double[] w = new double[d]; // a unit vector orthogonal to v
        w[0] = v[1];
        w[1] = -v[0];
        double wn = Math.hypot(v[0], v[1]);
        double[] unitW = w.clone();
        for (int i = 0; i < d; i++) {
            unitW[i] /= wn;
        }
        double maxAlongV = largestAbsProjection(p("hard"), v);
        double maxAlongW = largestAbsProjection(p("hard"), unitW);
        assertTrue(maxAlongV <= bound + 1e-9, "max |<v,y>| " + maxAlongV + " exceeds sup|f| = " + bound);
        assertTrue(bound < 3.8 && maxAlongW > 3.8, "along v " + maxAlongV + ", orthogonal " + maxAlongW + ", sup|f| " + bound);

        GaussianityCheck.Result hard = whitenedCheck("hard");
        assertTrue(hard.consistentWithGaussian(), hard.summary());
        assertEquals(GaussianityCheck.Result.CANNOT_IDENTIFY, hard.verdict());
        assertEquals(d, hard.rank());
    }

    /** max over rows of |<u, y>|, computed on the executors. */
    private double largestAbsProjection(String path, double[] u) {
        return spark.read().parquet(path).javaRDD().map(r -> {
            List<Double> y = r.getList(0);
            double a = 0;
            for (int i = 0; i < u.length; i++) {
                a += u[i] * y.get(i);
            }
            return Math.abs(a);
        }).reduce(Math::max);
    }

    @Test
    void gaussianDataAreNearGaussianAndQuadraticDataAreNot() {
        Generate.kind(GeneratorKind.GAUSSIAN).d(6).n(200_000).seed(22).into(spark, p("gauss"));
        GaussianityCheck.Result g = whitenedCheck("gauss");
        assertTrue(g.consistentWithGaussian(), g.summary());

        // a mild quadratic term: y = x + a (x0 x1) e2 + a (x3² − 1) e4, a = 0.04: third cumulants κ_{2,0,1} = a and
        // κ_{4,3,3} = 2a, so the order-3 chi-square (rotation invariant, unlike the largest single z) is about
        // n (a²/1 + (2a)²/2) = 3 n a² ≈ 960 on top of its 56 null degrees of freedom at n = 2e5
        SampleSetGenerator.generate(spark, new QuadraticLike(6, 0.04), new SampleStream(23, 200_000), 4)
                .write().parquet(p("quad"));
        GaussianityCheck.Result q = whitenedCheck("quad");
        assertFalse(q.consistentWithGaussian(), q.summary());
        assertEquals(GaussianityCheck.Result.NON_GAUSSIAN, q.verdict());
        assertTrue(q.order(3).chiSquarePerEntry() > 8, q.summary());
    }

    /** A tiny non-Gaussian pushforward with small quadratic parts (test-only). */
    record QuadraticLike(int dim, double a) implements RowSampler {
        @Override
        public void sample(RandomGenerator rng, int rows, double[] out) {
            for (int r = 0; r < rows; r++) {
                int o = r * dim;
                for (int c = 0; c < dim; c++) {
                    out[o + c] = rng.nextGaussian();
                }
                out[o + 2] += a * out[o] * out[o + 1];
                out[o + 4] += a * (out[o + 3] * out[o + 3] - 1);
            }
        }
    }

    @Test
    void noiseAddsTauSquaredToTheDiagonalAndIsRecorded() throws IOException {
        int d = 3;
        double tau = 0.5;
        Generate.kind(GeneratorKind.GAUSSIAN).covariance("identity").d(3).n(60000).seed(31).noise(0.5)
                .into(spark, p("gn"));
        JsonNode t = truth("gn");
        assertEquals(tau, t.get("noise").get("tau").asDouble(), 0.0);
        double[] cov = matrix(t.get("covariance"), d);
        for (int i = 0; i < d; i++) {
            cov[i + i * d] += tau * tau;
        }
        assertFirstTwoMoments(rawSketch("gn", 2), new double[d], cov, d, "gaussian + noise");

        Generate.kind(GeneratorKind.HARD).d(3).n(60000).seed(32).noise(0.5).into(spark, p("hn"));
        JsonNode th = truth("hn");
        assertEquals(tau, th.get("noise").get("tau").asDouble(), 0.0);
        double[] hc = matrix(th.get("covariance"), d);
        for (int i = 0; i < d; i++) {
            hc[i + i * d] += tau * tau;
        }
        assertFirstTwoMoments(rawSketch("hn", 2), new double[d], hc, d, "hard + noise");
        // without noise the same seed gives the unit variances: the rows differ only by the noise
        Generate.kind(GeneratorKind.HARD).d(3).n(60000).seed(32).into(spark, p("h0"));
        assertFalse(truth("h0").has("noise"));
        assertEquals(1, rawSketch("h0", 2).covariance()[0], Z * Math.sqrt(2.0 / 60000));
    }

    /** The true cores of a ring truth file, parsed independently of the writer (cores[n][a][i][b] = G_n[a,i,b]). */
    private static TensorRing ringFromTruth(JsonNode t) {
        int[] dims = new int[t.get("dims").size()];
        int[] ranks = new int[dims.length];
        for (int n = 0; n < dims.length; n++) {
            dims[n] = t.get("dims").get(n).asInt();
            ranks[n] = t.get("ranks").get(n).asInt();
        }
        List<double[]> cores = new ArrayList<>();
        for (int n = 0; n < dims.length; n++) {
            int rn = ranks[n];
            int rn1 = ranks[(n + 1) % dims.length];
            double[] g = new double[rn * dims[n] * rn1];
            JsonNode c = t.get("cores").get(n);
            assertEquals(rn, c.size());
            for (int a = 0; a < rn; a++) {
                assertEquals(dims[n], c.get(a).size());
                for (int i = 0; i < dims[n]; i++) {
                    assertEquals(rn1, c.get(a).get(i).size());
                    for (int b = 0; b < rn1; b++) {
                        g[a + rn * (i + dims[n] * b)] = c.get(a).get(i).get(b).asDouble();
                    }
                }
            }
            cores.add(g);
        }
        return new TensorRing(dims, ranks, cores);
    }

    @Test
    void ringTensorIsTheTruthsTraceFormulaAndDecomposeReadsItDirectly() throws IOException {
        Generate.kind(GeneratorKind.RING).d(12).ranks(2, 3, 2).seed(41).into(spark, p("ring"));
        JsonNode t = truth("ring");
        assertEquals("ring", t.get("kind").asText());
        TensorRing truthRing = ringFromTruth(t);
        DenseTensor read = new RingIo(spark).readTensor(p("ring"), null);
        assertEquals(List.of(12, 12, 12), List.of(read.dim(0), read.dim(1), read.dim(2)));
        double worst = 0;
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                for (int k = 0; k < 12; k++) {
                    worst = Math.max(worst, Math.abs(read.get(i, j, k) - truthRing.entry(i, j, k)));
                }
            }
        }
        assertTrue(worst <= 1e-12 * read.norm(), "largest entry difference " + worst);
        assertEquals(read.norm(), t.get("clean_norm").asDouble(), 1e-12 * read.norm());
        Dataset<Row> df = spark.read().parquet(p("ring"));
        assertEquals(List.of("i", "j", "k", "value"), List.of(df.columns()));

        TensorRing fit = new TensorRingDecomposition().ranks(2, 3, 2).seed(1).fit(read).ring();
        assertTrue(fit.relativeError(truthRing.full()) < 1e-8, "reconstruction " + fit.relativeError(truthRing.full()));
        assertTrue(GaugeAlignment.coreError(fit, truthRing) < 1e-6, "core error up to gauge");

        // noise of relative norm sigma on the same cores; order 4 names its fourth index column l
        Generate.kind(GeneratorKind.RING).d(5).order(4).ranks(2).sigma(0.05).seed(42).truth(p("ring4.json"))
                .into(spark, p("ring4"));
        JsonNode t4 = truth("ring4");
        assertEquals(t4, JSON.readTree(dir.resolve("ring4.json").toFile()), "--truth writes a copy of <out>/_truth.json");
        DenseTensor noisy = new RingIo(spark).readTensor(p("ring4"), null);
        assertEquals(0.05, noisy.relativeErrorTo(ringFromTruth(t4).full()), 1e-12);
        assertEquals(List.of("i", "j", "k", "l", "value"), List.of(spark.read().parquet(p("ring4")).columns()));
    }

    @Test
    void quadraticRowsDoNotDependOnThePartitionCount() throws Exception {
        Generate.kind(GeneratorKind.QUADRATIC).r(3).n(9000).seed(4).partitions(1).into(spark, p("one"));
        Generate.kind(GeneratorKind.QUADRATIC).r(3).n(9000).seed(4).partitions(4).into(spark, p("four"));
        List<double[]> a = sortedRows(p("one"));
        List<double[]> b = sortedRows(p("four"));
        assertEquals(9000, a.size());
        assertEquals(6, a.get(0).length, "d defaults to r(r+1)/2");
        for (int i = 0; i < a.size(); i++) {
            assertTrue(Arrays.equals(a.get(i), b.get(i)), "row " + i);
        }
        JsonNode t = truth("one");
        assertEquals("quadratic", t.get("kind").asText());
        assertEquals(6, t.get("d").asInt());
        assertEquals(3, t.get("r").asInt());
        assertEquals(6, t.get("Q").size());
        assertEquals(3, t.get("Q").get(5).get(2).size());
        assertEquals(0.0, t.get("c").get(0).asDouble(), 0.0);
        assertEquals("lowrank", t.get("base").asText());
        assertEquals("gaussian", t.get("law").asText());

        // constants add c_i and leave Q as it was for the same seed
        Generate.kind(GeneratorKind.QUADRATIC).r(3).n(10).seed(4).constant().into(spark, p("c"));
        JsonNode tc = truth("c");
        assertEquals(t.get("Q"), tc.get("Q"));
        for (int i = 0; i < 6; i++) {
            assertTrue(tc.get("c").get(i).asDouble() != 0.0);
        }
        // an affine model's d defaults to r(r+1)/2 + r
        Generate.kind(GeneratorKind.AFFINE).r(2).n(10).seed(5).into(spark, p("affine"));
        assertEquals(5, truth("affine").get("d").asInt());
    }

    @Test
    void lowRankDataHoldTheirNetworkInTheTruth() throws Exception {
        Generate.kind(GeneratorKind.LOWRANK).n(2000).d(6).r(3).m(3).activation("known:0,1").seed(0)
                .into(spark, p("data"));
        JsonNode truth = truth("data");
        assertEquals("lowrank", truth.get("kind").asText());
        assertEquals(6, truth.get("W").size());
        assertEquals(3, truth.get("W").get(0).size());
        assertEquals(3, truth.get("units").size());
        assertEquals(2000, spark.read().parquet(p("data")).count());
    }

    @Test
    void badOptionsOfEveryKindAreClearErrors() {
        assertTrue(fails(Generate.kind(GeneratorKind.HARD).d(3).instance("nope")).contains("bounded_k4"));
        assertTrue(fails(Generate.kind(GeneratorKind.HARD)).contains("--d"));
        assertTrue(fails(Generate.kind(GeneratorKind.RING).d(5)).contains("--ranks"));
        assertTrue(fails(Generate.kind(GeneratorKind.RING).d(5).ranks(2, 2)).contains("--order is 3"));
        assertTrue(fails(Generate.kind(GeneratorKind.RING).d(5).ranks(2).order(2)).contains("--order"));
        assertTrue(fails(Generate.kind(GeneratorKind.RING).d(1000).ranks(2)).contains("driver memory"));
        assertTrue(fails(Generate.kind(GeneratorKind.GAUSSIAN).d(3).noise(-1)).contains("--noise"));
        assertTrue(fails(Generate.kind(GeneratorKind.AFFINE).n(10)).contains("needs --r"));
        assertTrue(fails(Generate.kind(GeneratorKind.QUADRATIC).r(2).base("diagonal").n(10)).contains("--base"));
        assertTrue(fails(Generate.kind(GeneratorKind.RADIAL).r(2).radial("chi:-1").n(10)).contains("--radial"));
        assertTrue(fails(Generate.kind(GeneratorKind.LOWRANK).n(10).d(5).r(2)).contains("--m"));
        assertFalse(Files.exists(dir.resolve("x")));
    }
}
