package io.polymoments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sketch's on-disk format against golden files: version 1 (before sketch ids) still loads, version 2 is what
 * this build writes, column for column, and both hold the moments of the twelve rows of formats/sketch-rows.csv.
 */
class SketchFormatTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    /** Under formats/: vN/sketch is a sketch of format version N, sketch-rows.csv the rows both were made from. */
    private static String golden(String name) throws Exception {
        return Path.of(SketchFormatTest.class.getResource("/formats/" + name).toURI()).toString();
    }

    /** The rows of the golden CSV, parsed here, independently of the tool. */
    private static double[][] rows() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(golden("sketch-rows.csv")));
        double[][] y = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            y[i - 1] = new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
        }
        return y;
    }

    /** Mean, population covariance and third and fourth central moments, by definition. */
    private static void assertMomentsOfTheRows(MomentSketch s) throws Exception {
        double[][] y = rows();
        int n = y.length;
        int d = 2;
        assertEquals(n, s.count());
        double[] mu = new double[d];
        for (double[] r : y) {
            for (int j = 0; j < d; j++) {
                mu[j] += r[j] / n;
            }
        }
        double[] cov = s.covariance();
        double[] k3 = s.thirdCumulant();
        double[] m4 = s.fourthCentralMoment();
        for (int a = 0; a < d; a++) {
            assertEquals(mu[a], s.mean()[a], 1e-14);
            for (int b = 0; b < d; b++) {
                double c2 = 0;
                for (double[] r : y) {
                    c2 += (r[a] - mu[a]) * (r[b] - mu[b]) / n;
                }
                assertEquals(c2, cov[a + b * d], 1e-13);
                for (int c = 0; c < d; c++) {
                    double c3 = 0;
                    for (double[] r : y) {
                        c3 += (r[a] - mu[a]) * (r[b] - mu[b]) * (r[c] - mu[c]) / n;
                    }
                    assertEquals(c3, k3[(a * d + b) * d + c], 1e-12);
                    for (int e = 0; e < d; e++) {
                        double c4 = 0;
                        for (double[] r : y) {
                            c4 += (r[a] - mu[a]) * (r[b] - mu[b]) * (r[c] - mu[c]) * (r[e] - mu[e]) / n;
                        }
                        assertEquals(c4, m4[((a * d + b) * d + c) * d + e], 1e-11);
                    }
                }
            }
        }
    }

    @Test
    void bothVersionsLoadWithTheMomentsOfTheirRows() throws Exception {
        SketchStore store = new SketchStore(spark);
        SketchBundle v1 = store.load(golden("v1/sketch"));
        SketchBundle v2 = store.load(golden("v2/sketch"));
        assertMomentsOfTheRows(v1.raw().total());
        assertMomentsOfTheRows(v2.raw().total());
        // the id is a fingerprint of the numbers: the old sketch, without a stored id, gets the one the new recorded
        String stored = spark.read().parquet(golden("v2/sketch")).select("sketchId").first().getString(0);
        assertEquals(stored, v2.id());
        assertEquals(stored, v1.id());
        assertEquals(List.of(stored), v1.sourceIds());
    }

    @Test
    void thisBuildWritesVersionTwoColumnForColumn() throws Exception {
        SketchStore store = new SketchStore(spark);
        String out = dir.resolve("again").toString();
        store.save(store.load(golden("v1/sketch")), out, false);
        StructField[] written = spark.read().parquet(out).schema().fields();
        StructField[] gold = spark.read().parquet(golden("v2/sketch")).schema().fields();
        assertEquals(gold.length, written.length);
        for (int i = 0; i < gold.length; i++) {
            assertEquals(gold[i].name(), written[i].name());
            assertEquals(gold[i].dataType().simpleString(), written[i].dataType().simpleString(), gold[i].name());
        }
        assertEquals(2, spark.read().parquet(out).select("formatVersion").first().getInt(0));
        Dataset<Row> a = spark.read().parquet(out).drop("formatVersion");
        Dataset<Row> b = spark.read().parquet(golden("v2/sketch")).drop("formatVersion");
        assertEquals(0, a.except(b).count(), "the same rows as the golden version-2 sketch");
    }

    @Test
    void aSketchWhoseNumbersChangedAfterwardsIsRefused() throws Exception {
        String tampered = dir.resolve("tampered").toString();
        spark.read().parquet(golden("v2/sketch"))
                .withColumn("count", functions.when(functions.col("half").equalTo(0), functions.col("count").plus(1))
                        .otherwise(functions.col("count")))
                .write().parquet(tampered);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SketchStore(spark).load(tampered));
        assertTrue(e.getMessage().contains("altered or damaged"), e.getMessage());
    }
}
