package io.polymoments.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SharedSpark;
import io.polymoments.spark.SketchJob;
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

/** Reading stored samples: a row filter Spark cannot parse or resolve, an allowed one, CSV files without a header. */
class SampleReaderTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private SampleSet read(Path path, List<String> columns, String where) {
        return new SampleReader(spark).read(path.toString(), null, SampleSet.COLUMN, columns, where);
    }

    /** The number of rows the moment pass counts in the samples read. */
    private long sketchedRows(Path path, List<String> columns, String where) {
        return new SketchJob(spark).run(read(path, columns, where), 2, false, "auto", InvalidRowPolicy.FAIL).bundle()
                .raw().count();
    }

    private void assertRefused(Path path, List<String> columns, String where, String... mustContain) {
        String m = assertThrows(InvalidInputException.class, () -> read(path, columns, where)).getMessage();
        for (String s : mustContain) {
            assertTrue(m.contains(s), "message should mention '" + s + "': " + m);
        }
    }

    /** Rows i = 0..n-1 of y = (i, sin i, cos 0.7i), on the days 2026-01-01, -02, -03 in turn. */
    private Path goodParquet(int n) {
        StructType schema = new StructType().add("y", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
                .add("dt", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(Arrays.asList((double) i, Math.sin(i), Math.cos(i * 0.7)), "2026-01-0" + (1 + i % 3)));
        }
        Path p = dir.resolve("good");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(p.toString());
        return p;
    }

    @Test
    void anInvalidWhereShowsSparksReason() {
        Path p = goodParquet(40);
        assertRefused(p, List.of(), "dt >= ", "--where 'dt >= '", "Syntax error at or near end of input", "pos 6");
        assertRefused(p, List.of(), "nope > 1", "nope", "dt:string");
    }

    @Test
    void anAllowedWhereFilters() {
        Path p = goodParquet(40);
        // ids 1, 4, 7, ... 37 are on 2026-01-02; 10, 13, 16, 19 drop out
        assertEquals(13 - 4, sketchedRows(p, List.of(), "dt = '2026-01-02' and not (y[0] between 10 and 20)"));
    }

    @Test
    void aCsvWithoutAHeaderIsBadInputSayingSo() throws Exception {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "1.5,2,3\n4,5,6\n7,8,9.5\n1,1,1\n2,3,4\n");
        for (List<String> columns : List.of(List.<String>of(), List.of("*"), List.of("a", "b", "c"))) {
            assertRefused(csv, columns, null, "the first line of " + csv, "is not a header", "1.5, 2, 3",
                    "add a header line");
        }
        // a directory of such files: Spark takes the header from one of them
        Path many = Files.createDirectories(dir.resolve("csvs"));
        Files.writeString(many.resolve("a.csv"), "1,2\n3,4\n5,6\n");
        Files.writeString(many.resolve("b.csv"), "7,8\n9,10\n");
        assertRefused(many, List.of("*"), null, "is not a header", "add a header line");
        // a header whose names hold dots is a header
        Path dotted = dir.resolve("dotted.csv");
        Files.writeString(dotted, "x.1,x.2\n1,2\n3,5\n4,4\n");
        assertEquals(3, sketchedRows(dotted, List.of("*"), null));
    }
}
