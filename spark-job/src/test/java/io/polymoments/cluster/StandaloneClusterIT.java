package io.polymoments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.polymoments.cli.CliInputErrorsTest;
import io.polymoments.linalg.Matrices;
import io.polymoments.moments.DirectionalSums;
import io.polymoments.moments.MomentSketch;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.spark.SharedSpark;
import io.polymoments.store.SketchStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The job on a real Spark standalone cluster — a Master and two Workers started by submit/cluster/up.sh from the
 * Maven-resolved jars, executors in JVMs of their own — submitted through submit/cluster/submit.sh as a user would:
 * `fit` there gives the same sketch and the same model (<= 1e-9) as local mode, and still does after an executor JVM is killed in the middle of pass 2.
 * Also submit/spark-submit.sh without a Spark distribution (Spark's own launcher on the Maven-resolved jars) in
 * local mode: it writes the data and its result equals the in-process one.
 * Runs in {@code mvn verify -Pcluster} (failsafe, after 'package': it submits the packaged application jar). Every
 * JVM it starts is stopped in {@link #stopCluster()}, and by up.sh's watchdog should this JVM die first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    /** Same files and the same 1 MiB splits in both modes, so only summation order differs between the results. */
    private static final String SPLIT = "1m";
    private static final double REL_TOL = 1e-9;
    private static final long JOB_TIMEOUT_S = 480;

    private static Path home;
    private static Path dir;
    private static Path clusterDir;
    private static String data;
    private static SketchBundle local;
    private static QuadraticPushforwardModel localModel;

    @BeforeAll
    static void startClusterAndComputeTheLocalReference() throws Exception {
        home = Path.of(System.getProperty("polymoments.home", "..")).toAbsolutePath().normalize();
        dir = home.resolve("spark-job/target/cluster-it");
        clusterDir = dir.resolve("cluster");
        if (Files.exists(clusterDir)) { // a cluster left by an interrupted run of this test
            script("down-stale", "submit/cluster/down.sh").waitFor(120, TimeUnit.SECONDS);
        }
        deleteTree(dir);
        Files.createDirectories(dir);

        // The cluster starts in the background while the data is written through submit/spark-submit.sh in local
        // mode and this JVM computes the local-mode reference.
        Process up = script("up", "submit/cluster/up.sh");
        Process generate = null;
        try {
            data = dir.resolve("data").toString();
            generate = script("submit-local-generate", "submit/spark-submit.sh", "generate", "--kind",
                    "quadratic", "--r", "3", "--d", "8", "--n", "200000", "--seed", "11", "--partitions", "24",
                    "--out", data,
                    "--", "--master", "local[2]", "--driver-memory", "1g", "--conf", "spark.ui.enabled=false");
            SparkSession spark = SharedSpark.session();
            assertJobSucceeded(generate, "submit-local-generate");
            spark.conf().set("spark.sql.files.maxPartitionBytes", SPLIT);
            try {
                Path out = dir.resolve("local");
                cli(fitArgs(out));
                local = load(out);
                localModel = model(out);
            } finally {
                spark.conf().unset("spark.sql.files.maxPartitionBytes");
            }
            assertEquals(200_000, local.raw().count(), "rows written by generate");
            assertTrue(up.waitFor(300, TimeUnit.SECONDS), "up.sh did not finish in 300 s:\n" + tail("up", 40));
            assertEquals(0, up.exitValue(), "up.sh failed:\n" + tail("up", 60));
        } finally {
            up.destroy();
            if (generate != null) {
                generate.destroyForcibly();
            }
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (clusterDir == null) {
            return;
        }
        List<ProcessHandle> jvms = recordedJvms();
        Process down = script("down", "submit/cluster/down.sh");
        assertTrue(down.waitFor(120, TimeUnit.SECONDS), "down.sh did not finish:\n" + tail("down", 20));
        for (ProcessHandle p : jvms) {
            p.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(p.isAlive(), "JVM " + p.pid() + " of the cluster is still running");
        }
    }

    @Test
    @Order(0)
    void sparkSubmitScriptRunsSparksOwnLauncherInLocalMode() throws Exception {
        Path out = dir.resolve("submit-local");
        List<String> args = new ArrayList<>(List.of("submit/spark-submit.sh"));
        args.addAll(List.of(fitArgs(out)));
        args.addAll(List.of("--", "--master", "local[2]", "--driver-memory", "1200m",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.files.maxPartitionBytes=" + SPLIT));
        Process job = script("submit-local-moments", args.get(0), args.subList(1, args.size()).toArray(String[]::new));
        assertJobSucceeded(job, "submit-local-moments");
        // what Spark's launcher made of the options (SPARK_PRINT_LAUNCH_COMMAND=1); 1200m is not Spark's default 1g
        String launch = Files.readAllLines(logOf("submit-local-moments")).stream()
                .filter(l -> l.startsWith("Spark Command:")).findFirst()
                .orElseThrow(() -> new AssertionError("the launcher printed no command:\n" + tail("submit-local-moments", 30)));
        for (String expected : List.of(" -Xmx1200m ", " --add-opens=java.base/java.nio=ALL-UNNAMED ",
                "org.apache.spark.deploy.SparkSubmit --master local[2] ",
                " --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 ",
                " --class io.polymoments.cli.PolymomentsCli " + home.resolve("spark-job/target/polymoments-app.jar"))) {
            assertTrue(launch.contains(expected), "launch command lacks '" + expected + "': " + launch);
        }
        assertSameSketch(local, load(out));
        assertSameModel(localModel, model(out));
    }

    @Test
    @Order(1)
    void clusterResultEqualsTheLocalModeResult() throws Exception {
        Path out = dir.resolve("cluster");
        Process job = submit("cluster-moments", out, List.of());
        assertJobSucceeded(job, "cluster-moments");
        assertSameSketch(local, load(out));
        assertSameModel(localModel, model(out));
    }

    @Test
    @Order(2)
    void jobSurvivesAnExecutorKilledInTheMiddleOfPass2() throws Exception {
        Path out = dir.resolve("fault");
        Path probe = dir.resolve("probe");
        Process job = submit("fault-moments", out, List.of(
                "--driver-class-path", home.resolve("spark-job/target/test-classes").toString(),
                "--conf", "spark.extraListeners=" + FaultProbeListener.class.getName(),
                "--conf", FaultProbeListener.DIR + "=" + probe,
                "--conf", FaultProbeListener.JOB_PREFIX + "=pass 2/2"));
        try {
            Path marker = probe.resolve(FaultProbeListener.MARKER);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOB_TIMEOUT_S);
            while (!Files.exists(marker) && job.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(marker), "pass 2 never completed a task (job alive: " + job.isAlive() + "):\n"
                    + tail("fault-moments", 60));
            long workerPid = Long.parseLong(Files.readString(clusterDir.resolve("worker1.pid")).trim());
            ProcessHandle worker = ProcessHandle.of(workerPid).orElseThrow(
                    () -> new AssertionError("Worker 1 (PID " + workerPid + ") is not running"));
            // The Worker's children are its executors (what `ps -o pid= --ppid <workerPid>` lists).
            ProcessHandle executor = worker.children()
                    .filter(c -> c.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                    .findFirst().orElseThrow(() -> new AssertionError("Worker 1 has no executor JVM"));
            assertTrue(executor.destroyForcibly(), "could not kill executor PID " + executor.pid());
            assertJobSucceeded(job, "fault-moments");
        } finally {
            job.destroyForcibly();
        }
        assertSameSketch(local, load(out));
        assertSameModel(localModel, model(out));

        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(probe.resolve(FaultProbeListener.SUMMARY))) {
            p.load(in);
        }
        // the fault really hit pass 2: the driver lost the executor while a pass-2 stage was running
        assertTrue(Integer.parseInt(p.getProperty("executorsRemovedDuringWatchedJob")) >= 1,
                "the executor was not lost during pass 2: " + p);
    }

    // ---- the comparison ----

    private static void assertSameSketch(SketchBundle expected, SketchBundle actual) {
        assertEquals(expected.skippedRows(), actual.skippedRows());
        assertSameHalves("raw", expected.raw(), actual.raw());
        assertNotNull(actual.whitened(), "the cluster's sketch is not whitened");
        assertSameHalves("whitened", expected.whitened(), actual.whitened());
        MomentSketch e = expected.whitened().total();
        MomentSketch a = actual.whitened().total();
        assertEquals(e.basis().dim(), a.basis().dim(), "whitening rank");
        assertClose("whitening matrix", e.basis().matrix(), a.basis().matrix(), 0);
        MomentSketch raw = expected.raw().total();
        double spread = Math.sqrt(Matrices.frobeniusNorm(raw.packedSum(2)) / raw.count());
        assertClose("whitening shift (the mean)", e.basis().shift(), a.basis().shift(), spread);
        DirectionalSums de = expected.directional();
        DirectionalSums da = actual.directional();
        assertNotNull(da, "the cluster's sketch has no directional sums");
        assertEquals(Arrays.toString(de.counts()), Arrays.toString(da.counts()), "directional batch counts");
        assertClose("directional directions", de.directions(), da.directions(), 0);
        assertClose("directional sums", de.sums(), da.sums(), 0);
    }

    /** Both halves (same splits and blocks in both modes, so they must agree too), moment by moment. */
    private static void assertSameHalves(String role, SplitHalfSketch expected, SplitHalfSketch actual) {
        assertEquals(expected.order(), actual.order(), role + " order");
        assertEquals(expected.dim(), actual.dim(), role + " dimension");
        for (int h = 0; h < 2; h++) {
            MomentSketch e = expected.half(h);
            MomentSketch a = actual.half(h);
            String name = role + " half " + h;
            assertEquals(e.count(), a.count(), name + " count");
            // the mean is compared on the scale of the spread: a whitened mean is ~0
            double spread = Math.sqrt(Matrices.frobeniusNorm(e.packedSum(2)) / e.count());
            assertClose(name + " mean", e.mean(), a.mean(), spread);
            for (int q = 2; q <= e.order(); q++) {
                assertClose(name + " order-" + q + " sums", e.packedSum(q), a.packedSum(q), 0);
            }
        }
    }

    private static void assertClose(String what, double[] expected, double[] actual, double scale) {
        assertEquals(expected.length, actual.length, what + " length");
        double norm = Math.max(Matrices.frobeniusNorm(expected), scale);
        double dist = Matrices.distance(expected, actual);
        assertTrue(dist <= REL_TOL * norm, String.format(Locale.ROOT, "%s: cluster differs from local mode by %.3e"
                + " relative (limit %.0e)", what, dist / norm, REL_TOL));
    }

    /** fit from the samples, saving the model and the two passes' sketch under {@code out}. */
    private static String[] fitArgs(Path out) {
        return new String[] {"fit", "--input", data, "--model", "quadratic", "--seed", "3",
                "--out", out.resolve("model").toString(), "--sketch-out", out.resolve("sketch").toString()};
    }

    private static SketchBundle load(Path out) {
        return new SketchStore(SharedSpark.session()).load(out.resolve("sketch").toString());
    }

    private static QuadraticPushforwardModel model(Path out) {
        return QuadraticPushforwardModel.load(out.resolve("model").toString());
    }

    /** The same fitted parameters (Q, b, c) to 1e-9 relative: the fit is deterministic given the moments. */
    private static void assertSameModel(QuadraticPushforwardModel expected, QuadraticPushforwardModel actual) {
        QuadraticTransform e = expected.transformation();
        QuadraticTransform a = actual.transformation();
        assertEquals(e.r(), a.r());
        assertEquals(e.d(), a.d());
        double scale = Matrices.frobeniusNorm(e.q()) + Matrices.frobeniusNorm(e.c()) + 1e-300;
        double diff = Matrices.distance(e.q(), a.q()) + Matrices.distance(e.b(), a.b()) + Matrices.distance(e.c(), a.c());
        assertTrue(diff <= REL_TOL * scale, "models differ: " + diff / scale + " relative");
    }

    // ---- processes ----

    private static Process submit(String name, Path out, List<String> extraSparkOptions) throws IOException {
        List<String> args = new ArrayList<>(List.of(fitArgs(out)));
        args.addAll(List.of("--", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.sql.files.maxPartitionBytes=" + SPLIT));
        args.addAll(extraSparkOptions);
        return script(name, "submit/cluster/submit.sh", args.toArray(String[]::new));
    }

    private static void assertJobSucceeded(Process job, String name) throws InterruptedException {
        if (!job.waitFor(JOB_TIMEOUT_S, TimeUnit.SECONDS)) {
            job.destroyForcibly();
            fail(name + " did not finish in " + JOB_TIMEOUT_S + " s:\n" + tail(name, 60));
        }
        assertEquals(0, job.exitValue(), name + " failed:\n" + tail(name, 80));
    }

    /** Starts a submit/ script with its output in {@code <dir>/<name>.log}. */
    private static Process script(String name, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve(script).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logOf(name).toFile());
        Map<String, String> env = pb.environment();
        env.remove("SPARK_HOME"); // the cluster and its driver use the Maven-resolved jars this build tested
        env.remove("SPARK_CONF_DIR");
        env.put("SPARK_PRINT_LAUNCH_COMMAND", "1");
        env.put("POLYMOMENTS_CLUSTER_DIR", clusterDir.toString());
        env.put("POLYMOMENTS_CLUSTER_WATCH_PID", Long.toString(ProcessHandle.current().pid()));
        env.put("POLYMOMENTS_WORKER_MEMORY", "2g");
        env.put("POLYMOMENTS_EXECUTOR_MEMORY", "1g");
        env.put("POLYMOMENTS_DRIVER_MEMORY", "1g");
        Files.createDirectories(dir);
        return pb.start();
    }

    /** The cluster's daemons recorded by up.sh and the executors they run now. */
    private static List<ProcessHandle> recordedJvms() throws IOException {
        List<ProcessHandle> jvms = new ArrayList<>();
        if (!Files.isDirectory(clusterDir)) {
            return jvms;
        }
        try (Stream<Path> files = Files.list(clusterDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("(master|worker\\d+)\\.pid")).toList()) {
                Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(Files.readString(f).trim()));
                p.ifPresent(jvms::add);
                p.ifPresent(h -> h.children().forEach(jvms::add));
            }
        }
        return jvms;
    }

    private static void cli(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + " failed: " + r.err());
    }

    private static Path logOf(String name) {
        return dir.resolve(name + ".log");
    }

    private static String tail(String name, int lines) {
        try {
            List<String> all = Files.readAllLines(logOf(name));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log " + logOf(name) + ")";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
