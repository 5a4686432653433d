package io.polymoments.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The skip path's first reason and rows that come from no file are numbered truthfully too. */
class BadRowLocationTest {
    private final SparkSession spark = SharedSpark.session();
    private static final StructType ARRAY = new StructType()
            .add("y", DataTypes.createArrayType(DataTypes.DoubleType, true), true);
    @TempDir
    Path dir;

    private static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(Arrays.asList((double) i, Math.sin(i), Math.cos(i * 0.7))));
        }
        return rows;
    }

    @Test
    void theFirstSkippedRowIsNamedByItsFileAndRow() throws Exception {
        List<Row> rows = rows(20_000);
        rows.set(5_000, RowFactory.create(Arrays.asList(1.0, Double.NaN, 2.0)));
        rows.set(15_000, RowFactory.create((Object) null));
        Path p = dir.resolve("large");
        spark.createDataFrame(rows, ARRAY).coalesce(1).write().option("parquet.block.size", "65536").parquet(p.toString());
        String file;
        try (var files = Files.list(p)) {
            file = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet")).findFirst().orElseThrow();
        }
        String key = "spark.sql.files.maxPartitionBytes";
        scala.Option<String> before = spark.conf().getOption(key);
        spark.conf().set(key, "65536");
        try {
            SampleSet s = new SampleReader(spark).read(p.toString(), null, "y", List.of());
            assertTrue(s.frame().rdd().getNumPartitions() > 3, "the file is read in splits");
            MomentPasses.PassResult r = new MomentPasses(spark).sketch(s, 2, null, InvalidRowPolicy.SKIP, "t");
            assertEquals(2, r.skippedRows());
            assertEquals(19_998, r.sketch().count());
            // whichever split Spark reports first, the row and its reason belong together
            String reason = r.firstSkipReason();
            boolean nan = reason.startsWith("row 5,001 of file ") && reason.endsWith(" (counting from 1): value 1"
                    + " (counting from 0) is NaN");
            boolean nul = reason.startsWith("row 15,001 of file ") && reason.endsWith(" (counting from 1): the row is"
                    + " null");
            assertTrue((nan || nul) && reason.contains(p.toString() + "/" + file), reason);
        } finally {
            if (before.isDefined()) {
                spark.conf().set(key, before.get());
            } else {
                spark.conf().unset(key);
            }
        }
    }

    @Test
    void rowsThatComeFromNoFileAreNumberedInTheirSparkPartition() {
        List<Row> rows = rows(50);
        rows.set(30, RowFactory.create(Arrays.asList(1.0, 2.0, Double.POSITIVE_INFINITY)));
        SampleSet s = new SampleSet(spark.createDataFrame(rows, ARRAY).coalesce(1), 3, false, "a DataFrame");
        String m = assertThrows(InvalidInputException.class,
                () -> new MomentPasses(spark).sketch(s, 2, null, InvalidRowPolicy.FAIL, "t")).getMessage();
        assertTrue(m.contains("row 31 of Spark partition 0 (counting from 1"), m);
        assertTrue(m.contains("not read from files"), m);
        assertTrue(m.contains("value 2 (counting from 0) is Infinity"), m);
        assertFalse(m.contains("of file"), m);
    }
}
