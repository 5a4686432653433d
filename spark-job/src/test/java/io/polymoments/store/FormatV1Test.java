package io.polymoments.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polymoments.cli.PolymomentsCli;
import io.polymoments.datasets.HardInstanceCatalog;
import io.polymoments.datasets.HardInstanceSampler;
import io.polymoments.decompose.DenseTensor;
import io.polymoments.decompose.RandomRingTensor;
import io.polymoments.decompose.TensorRing;
import io.polymoments.learn.lowrank.LowRankSettings;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.QuadraticSettings;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.output.Json;
import io.polymoments.output.OutputKind;
import io.polymoments.spark.SharedSpark;
import io.polymoments.family.QuadraticFamily;
import io.polymoments.family.LowRankFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model, ring and truth formats against golden files under {@code formats/v1/} (the sketch's: SketchFormatTest),
 * made by {@link FormatV1Fixtures} from the objects stated here: each file loads to the numbers it was made from,
 * stated here and not read back by the loaders; and what this build writes for the same object has the same Parquet
 * columns (name, type, order), the same JSON keys in the same order and the same numbers in the same places, so that a
 * silent change of column order or packing fails here.
 */
class FormatV1Test {
    /**
     * The model formats' golden versions, oldest first: version 2 adds the {@code family} key and writes the
     * paramMap through the families' settings records (a count is "auto" or a number); the quadratic model's version 3
     * replaces the boolean param {@code affine} (absent = auto) by {@code modelClass} (auto, homogeneous, affine);
     * version 4 adds the additive noise (metadata key {@code noise}, data column {@code noiseVariance}) and the param
     * {@code noise}; the older versions load without noise.
     */
    static final List<String> QUADRATIC_MODEL_VERSIONS = List.of("v1", "v2", "v3", "v4");
    static final List<String> LOWRANK_MODEL_VERSIONS = List.of("v1", "v2");
    static final String QUADRATIC_MODEL = "quadratic-model";
    static final String LOWRANK_MODEL = "lowrank-model";
    static final String RING = "ring";
    static final String QUADRATIC_TRUTH = "truth-quadratic.json";
    static final String LOWRANK_TRUTH = "truth-lowrank.json";
    static final String HARD_TRUTH = "truth-hard.json";
    static final String GAUSSIAN_TRUTH = "truth-gaussian.json";
    static final String RING_TRUTH = "truth-ring.json";
    static final long SEED = 7;

    // y_i = xᵀQ_i x + b_iᵀx + c_i with d = 3, r = 2
    private static final double[][][] Q = {{{1, 0.5}, {0.5, -2}}, {{0.25, 0}, {0, 3}}, {{-1, 1.5}, {1.5, 0.75}}};
    private static final double[][] B = {{1, -1}, {0.5, 2}, {0, -0.25}};
    private static final double[] C = {0.125, -3, 7};
    // and diagonal noise ε ~ N(0, diag(PSI)) from format version 4 on
    private static final double[] PSI = {0.1, 0.0625, 1.0 / 3};
    // y = W σ(Ax) + c with d = 3, m = 2, r = 2; free activations σ_l = Σ_j H[l][j] He_j of degree 2
    private static final double[][] W = {{1, -0.5}, {2, 0.25}, {-1.5, 3}};
    private static final double[][] A = {{0, 2}, {3, 4}}; // rows a_l, of norms 2 and 5
    private static final double[][] H = {{0, 1, 0.5}, {0, -1, 2}};
    private static final double[] OFFSET = {0.5, -1, 2};
    // the ring generated from SEED and decomposed at its own ranks: its entries are those of the generator's tensor
    private static final int[] RING_DIMS = {4, 4, 4};
    private static final int[] RING_RANKS = {2, 2, 2};

    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path tmp;

    static QuadraticTransform quadratic() {
        int d = 3;
        int r = 2;
        double[] q = new double[d * r * r];
        double[] b = new double[d * r];
        for (int i = 0; i < d; i++) {
            for (int a = 0; a < r; a++) {
                for (int e = 0; e < r; e++) {
                    q[i * r * r + a + e * r] = Q[i][a][e];
                }
                b[i * r + a] = B[i][a];
            }
        }
        return QuadraticTransform.of(r, d, q, b, C.clone());
    }

    static AdditiveNoise noise() {
        return new AdditiveNoise(AdditiveNoise.Kind.DIAGONAL, PSI);
    }

    static LowRankTransform lowRank() {
        double[] w = new double[3 * 2];
        double[] a = new double[2 * 2];
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < 3; i++) {
                w[i + 3 * l] = W[i][l];
            }
            for (int k = 0; k < 2; k++) {
                a[l + 2 * k] = A[l][k];
            }
        }
        return LowRankTransform.of(ActivationMode.FREE, w, a, OFFSET.clone(), H, 3, 2, 2);
    }

    static String quadraticTruthToday() {
        return Json.document(QuadraticTruth.toJson("affine", quadratic(), "gaussian", 0.5, "lowrank", SEED));
    }

    /** Runs 'generate' for one kind of truth fixture into {@code dir}; returns the truth it wrote. */
    static Path generateToday(String truth, Path dir) {
        String seed = String.valueOf(SEED);
        Path out = dir.resolve(truth.replace(".json", ""));
        String[] args = switch (truth) {
            case HARD_TRUTH -> new String[] {"--kind", "hard", "--instance", "recommended", "--d", "3", "--n", "1"};
            case GAUSSIAN_TRUTH -> new String[] {"--kind", "gaussian", "--d", "2", "--covariance", "identity", "--n", "1"};
            case RING_TRUTH -> new String[] {"--kind", "ring", "--d", "4", "--ranks", "2", "--sigma", "0",
                    "--partitions", "1"};
            default -> throw new IllegalArgumentException(truth);
        };
        List<String> all = new ArrayList<>(List.of("generate", "--seed", seed, "--out", out.toString()));
        all.addAll(List.of(args));
        cli(all.toArray(String[]::new));
        return out.resolve(OutputKind.TRUTH_FILE);
    }

    /** Decomposes the tensor of {@link #generateToday}({@link #RING_TRUTH}) at its own ranks into {@code out}. */
    static void decomposeToday(Path tensor, Path out) {
        cli("decompose", "--tensor", tensor.toString(), "--ranks", "2,2,2", "--seed", String.valueOf(SEED), "--out",
                out.toString());
    }

    /** Runs a command; what it prints is kept from the test's output. */
    private static void cli(String... args) {
        StringWriter err = new StringWriter();
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(0, PolymomentsCli.execute(new PrintWriter(err, true), args), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    private static String fixture(String name) {
        return fixture("v1", name);
    }

    /** A golden file of another format version ({@code formats/vN/}). */
    private static String fixture(String version, String name) {
        try {
            return Path.of(FormatV1Test.class.getResource("/formats/" + version + "/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertQuadratic(QuadraticTransform t) {
        assertEquals(3, t.d());
        assertEquals(2, t.r());
        for (int i = 0; i < 3; i++) {
            double[] qi = t.q(i);
            for (int a = 0; a < 2; a++) {
                for (int e = 0; e < 2; e++) {
                    assertEquals(Q[i][a][e], qi[a + e * 2], "Q_" + i + "[" + a + "][" + e + "]");
                }
                assertEquals(B[i][a], t.b()[i * 2 + a], "b_" + i + "[" + a + "]");
            }
            assertEquals(C[i], t.c()[i], "c_" + i);
        }
    }

    private static void assertLowRank(LowRankTransform t) {
        assertEquals(ActivationMode.FREE, t.mode());
        assertEquals(3, t.outputDim());
        assertEquals(2, t.hidden());
        assertEquals(2, t.latentDim());
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(W[i][l], t.outputWeights()[i + 3 * l], "W[" + i + "][" + l + "]");
            }
            for (int k = 0; k < 2; k++) { // stored as a unit direction times a norm: a rounding apart
                assertEquals(A[l][k], t.hiddenWeights()[l + 2 * k], 1e-15, "A[" + l + "][" + k + "]");
            }
            assertArrayEquals(H[l], t.activation(l), "activation of unit " + l);
        }
        assertArrayEquals(OFFSET, t.offset());
    }

    @Test
    void modelsLoadToTheParametersTheyWereMadeFrom() {
        for (String version : QUADRATIC_MODEL_VERSIONS) {
            QuadraticPushforwardModel q = QuadraticPushforwardModel.load(fixture(version, QUADRATIC_MODEL));
            assertEquals(ModelClass.AFFINE, q.modelClass());
            assertQuadratic(q.transformation());
            QuadraticSettings d = QuadraticSettings.defaults();
            if (version.equals("v4")) {
                assertEquals(AdditiveNoise.Kind.DIAGONAL, q.noise().kind());
                assertArrayEquals(PSI, q.noise().variances(), 0.0);
                assertEquals(d, q.settings(), version);
            } else { // saved before the noise model: fitted without one
                assertEquals(AdditiveNoise.Kind.NONE, q.noise().kind(), version);
                assertArrayEquals(new double[3], q.noise().variances(), 0.0, version);
                assertEquals(new QuadraticSettings(d.rank(), d.modelClass(), d.inputLaw(), d.seed(), d.maxIter(),
                        d.tol(), AdditiveNoise.Kind.NONE), q.settings(), version);
            }
        }
        for (String version : LOWRANK_MODEL_VERSIONS) {
            LowRankPushforwardModel lr = LowRankPushforwardModel.load(fixture(version, LOWRANK_MODEL));
            assertLowRank(lr.transformation());
            assertEquals(LowRankSettings.defaults(), lr.settings(), version);
        }
    }

    @Test
    void modelsAreWrittenAsBefore() throws IOException {
        String q = tmp.resolve("q").toString();
        String current = QUADRATIC_MODEL_VERSIONS.get(QUADRATIC_MODEL_VERSIONS.size() - 1);
        QuadraticPushforwardModel.of(quadratic(), ModelClass.AFFINE, noise()).save(q);
        assertSameTable(fixture(current, QUADRATIC_MODEL) + "/data", q + "/data");
        assertEquals(keys(metadata(fixture(current, QUADRATIC_MODEL))), keys(metadata(q)));
        assertEquals(metadata(fixture(current, QUADRATIC_MODEL)).get("paramMap"), metadata(q).get("paramMap"));
        String lr = tmp.resolve("lr").toString();
        current = LOWRANK_MODEL_VERSIONS.get(LOWRANK_MODEL_VERSIONS.size() - 1);
        LowRankPushforwardModel.of(lowRank()).save(lr);
        assertSameTable(fixture(current, LOWRANK_MODEL) + "/data", lr + "/data");
        assertSameTable(fixture(current, LOWRANK_MODEL) + "/units", lr + "/units");
        assertEquals(keys(metadata(fixture(current, LOWRANK_MODEL))), keys(metadata(lr)));
        assertEquals(metadata(fixture(current, LOWRANK_MODEL)).get("paramMap"), metadata(lr).get("paramMap"));
    }

    @Test
    void theRingLoadsToTheTensorItWasMadeFrom() {
        TensorRing ring = new RingIo(spark).readRing(fixture(RING));
        assertArrayEquals(RING_DIMS, ring.dims());
        assertArrayEquals(RING_RANKS, ring.ranks());
        DenseTensor t = RandomRingTensor.generate(RING_DIMS, RING_RANKS, 0, SEED).clean();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(t.get(i, j, k), ring.entry(i, j, k), 1e-9 * t.norm(), "entry " + i + j + k);
                }
            }
        }
    }

    @Test
    void theRingIsWrittenAsBefore() throws IOException {
        TensorRing ring = new RingIo(spark).readRing(fixture(RING));
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = Json.MAPPER.readValue(Path.of(fixture(RING), "summary.json").toFile(), Map.class);
        Path again = tmp.resolve("again");
        new RingIo(spark).writeInto(ring, summary, again.toString());
        assertSameTable(fixture(RING) + "/cores", again + "/cores");
        // a decomposition today: the same columns and the same summary keys (its numbers may differ in the last bits)
        Path today = tmp.resolve("today");
        decomposeToday(generateToday(RING_TRUTH, tmp).getParent(), today);
        assertEquals(columns(fixture(RING) + "/cores"), columns(today + "/cores"));
        assertEquals(keys(json(Path.of(fixture(RING), "summary.json"))), keys(json(today.resolve("summary.json"))));
    }

    @Test
    void truthsLoadToTheModelsTheyWereMadeFrom() throws IOException {
        QuadraticFamily.Model q = QuadraticFamily.INSTANCE.load(spark, fixture(QUADRATIC_TRUTH), "--truth");
        assertQuadratic(q.transform());
        assertEquals("gaussian", q.lawSpec());
        assertLowRank(LowRankFamily.INSTANCE.load(spark, fixture(LOWRANK_TRUTH), "--truth").transform());
        double[] v = HardInstanceSampler.withSeed(HardInstanceCatalog.shipped().entry("recommended").instance(), 3, SEED)
                .direction();
        assertArrayEquals(v, HardTruth.direction(spark, fixture(HARD_TRUTH), 3, "--truth"));
        // no loader reads these two: their numbers, as JSON
        JsonNode g = json(Path.of(fixture(GAUSSIAN_TRUTH)));
        assertEquals(Json.MAPPER.readTree("[0.0, 0.0]"), g.get("mean"));
        assertEquals(Json.MAPPER.readTree("[[1.0, 0.0], [0.0, 1.0]]"), g.get("covariance"));
        TensorRing ring = RandomRingTensor.generate(RING_DIMS, RING_RANKS, 0, SEED).ring();
        JsonNode cores = json(Path.of(fixture(RING_TRUTH))).get("cores");
        for (int n = 0; n < 3; n++) {
            for (int a = 0; a < 2; a++) {
                for (int i = 0; i < 4; i++) {
                    for (int b = 0; b < 2; b++) {
                        assertEquals(ring.coreEntry(n, a, i, b), cores.get(n).get(a).get(i).get(b).asDouble());
                    }
                }
            }
        }
    }

    @Test
    void truthsAreWrittenAsBefore() throws IOException {
        assertSameTruth(QUADRATIC_TRUTH, Json.MAPPER.readTree(quadraticTruthToday()));
        assertSameTruth(LOWRANK_TRUTH, Json.MAPPER.readTree(Json.document(LowRankTruth.toJson(lowRank(), SEED))));
        for (String truth : List.of(HARD_TRUTH, GAUSSIAN_TRUTH, RING_TRUTH)) {
            assertSameTruth(truth, json(generateToday(truth, tmp)));
        }
    }

    /**
     * The same keys in the same order and the same values, plus the format version after the producer mark: the
     * golden files were written before truth files had one, and such files are read as version 1.
     */
    private static void assertSameTruth(String fixture, JsonNode today) throws IOException {
        ObjectNode gold = (ObjectNode) json(Path.of(fixture(fixture)));
        ObjectNode expected = Json.MAPPER.createObjectNode();
        expected.set("producer", gold.get("producer"));
        expected.put("formatVersion", 1);
        gold.fields().forEachRemaining(e -> expected.set(e.getKey(), e.getValue()));
        assertEquals(keys(expected), keys(today), fixture);
        assertEquals(expected, today, fixture);
    }

    /** Same columns (name, type, order) and the same rows. */
    private void assertSameTable(String gold, String written) {
        assertEquals(columns(gold), columns(written), written);
        Dataset<Row> g = spark.read().parquet(gold);
        Dataset<Row> w = spark.read().parquet(written);
        assertEquals(g.count(), w.count(), written);
        assertEquals(0, g.except(w).count(), "rows of " + written + " differ from the golden file's");
    }

    private List<String> columns(String parquet) {
        List<String> out = new ArrayList<>();
        for (StructField f : spark.read().parquet(parquet).schema().fields()) {
            out.add(f.name() + " " + f.dataType().simpleString());
        }
        return out;
    }

    /** Every key path of the JSON's objects, in document order. */
    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        addKeys(node, "", out);
        return out;
    }

    private static void addKeys(JsonNode node, String prefix, List<String> out) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                out.add(prefix + k);
                addKeys(o.get(k), prefix + k + ".", out);
            }
        }
    }

    private static JsonNode json(Path file) throws IOException {
        return Json.MAPPER.readTree(file.toFile());
    }

    /** The one line of a model's metadata/part-* file. */
    private static JsonNode metadata(String model) throws IOException {
        try (Stream<Path> parts = Files.list(Path.of(model, "metadata"))) {
            Path part = parts.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            return Json.MAPPER.readTree(Files.readAllLines(part).get(0));
        }
    }
}
