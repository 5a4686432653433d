package io.polymoments.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.cli.CliInputErrorsTest;
import io.polymoments.spark.SharedSpark;
import io.polymoments.store.SketchStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output through the Hadoop file system of its URI, on a real HDFS (a NameNode and a DataNode in this JVM):
 * models, sketches, reports with their page and figures, JSON exports; overlaps and concurrent writers as on the
 * local file system.
 */
class HdfsOutputTest {
    private static MiniDFSCluster cluster;
    private static String root;
    private static FileSystem hdfs;
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    static Path local;

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, local.resolve("hdfs").toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = cluster.getFileSystem();
        root = hdfs.getUri() + "/polymoments";
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    private static String[] run(int expected, String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(expected, r.code(), r.err());
        return new String[] {r.err()};
    }

    private static boolean exists(String path) throws Exception {
        return hdfs.exists(new org.apache.hadoop.fs.Path(path));
    }

    @Test
    void theWholeChainWritesToHdfsAndNothingLocally() throws Exception {
        String data = root + "/chain/data";
        run(0, "generate", "--kind", "quadratic", "--r", "2", "--n", "3000", "--seed", "5", "--out", data);
        run(0, "fit", "--input", data, "--model", "quadratic", "--out", root + "/chain/model", "--report",
                root + "/chain/fit.json", "--sketch-out", root + "/chain/sketch");
        run(0, "export", "--sketch", root + "/chain/sketch", "--out", root + "/chain/sketch.json");
        for (String p : new String[] {"data/_truth.json", "model/metadata", "model/data", "fit.json", "fit.html",
                "fit_figures/spectrum.png", "sketch", "sketch.json"}) {
            assertTrue(exists(root + "/chain/" + p), p + " on HDFS");
        }
        assertEquals(3000, new SketchStore(spark).load(root + "/chain/sketch").raw().count());
        assertTrue(TextFiles.readText(spark.sparkContext().hadoopConfiguration(), root + "/chain/sketch.json")
                .startsWith("{\n  \"producer\" : \"polymoments\""));
        assertFalse(new File("hdfs:").exists(), "an hdfs:// output must not become a local directory");
        assertEquals(0, hdfs.listStatus(new org.apache.hadoop.fs.Path(root + "/chain"),
                p -> p.getName().contains(".tmp-")).length);
    }

    @Test
    void overlapsAndForeignDirectoriesAreRefusedOnHdfs() throws Exception {
        String data = root + "/overlap/data";
        run(0, "generate", "--kind", "gaussian", "--d", "3", "--n", "500", "--out", data);
        String err = run(2, "moments", "--input", data, "--out", data + "/sketch")[0];
        assertTrue(err.contains("lies inside"), err);
        // the same place spelled with the NameNode's address and as an absolute path of the default file system
        String err2 = run(2, "moments", "--input", data, "--out", hdfs.getUri() + "/polymoments/overlap/./data",
                "--overwrite")[0];
        assertTrue(err2.contains("the same path as"), err2);
        hdfs.mkdirs(new org.apache.hadoop.fs.Path(root + "/overlap/foreign/keep"));
        String err3 = run(2, "moments", "--input", data, "--out", root + "/overlap/foreign", "--overwrite")[0];
        assertTrue(err3.contains("keep/"), err3);
        assertEquals(500, spark.read().parquet(data).count());
    }

    @Test
    void aConcurrentWriterWinsOnHdfsToo() throws Exception {
        String target = root + "/race/x";
        OutputKind note = OutputKind.file("a note", (s, fs, p) -> true);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        OutputSet out = OutputSet.builder(spark).output("--out", target, note).open();
        TextFiles.writeText(conf, out.path("--out"), "mine");
        TextFiles.writeText(conf, target, "theirs");
        assertThrows(InvalidInputException.class, out::commit);
        out.close();
        assertEquals("theirs", TextFiles.readText(conf, target));
        assertEquals(1, hdfs.listStatus(new org.apache.hadoop.fs.Path(root + "/race")).length);
    }
}
