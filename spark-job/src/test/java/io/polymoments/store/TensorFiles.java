package io.polymoments.store;

import io.polymoments.decompose.DenseTensor;
import io.polymoments.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Tensors written in coordinate form (rows i, j, k[, l], value) by the tests, independently of the code they test. */
public final class TensorFiles {
    private TensorFiles() {}

    /** A CSV in coordinate form: header i,j,k[,l],value and one row per entry (optionally editing rows). */
    public static Path writeCsv(Path file, DenseTensor t, List<String> extraLines, int dropRow) throws IOException {
        StringBuilder sb = new StringBuilder();
        String[] names = {"i", "j", "k", "l", "m"};
        for (int n = 0; n < t.order(); n++) {
            sb.append(names[n]).append(',');
        }
        sb.append("value\n");
        int[] dims = t.dims();
        int[] idx = new int[t.order()];
        for (int off = 0; off < t.size(); off++) {
            for (int n = 0, rest = off; n < t.order(); n++) {
                idx[n] = rest % dims[n];
                rest /= dims[n];
            }
            if (off == dropRow) {
                continue;
            }
            for (int n = 0; n < t.order(); n++) {
                sb.append(idx[n]).append(',');
            }
            sb.append(String.format(Locale.ROOT, "%.17g", t.data()[off])).append('\n');
        }
        for (String line : extraLines) {
            sb.append(line).append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    public static Path writeParquet(Path dir, DenseTensor t) {
        SparkSession spark = SharedSpark.session();
        StructType schema = new StructType();
        String[] names = {"i", "j", "k", "l", "m"};
        for (int n = 0; n < t.order(); n++) {
            schema = schema.add(names[n], DataTypes.IntegerType, false);
        }
        schema = schema.add("value", DataTypes.DoubleType, false);
        List<Row> rows = new ArrayList<>();
        int[] dims = t.dims();
        for (int off = 0; off < t.size(); off++) {
            Object[] vals = new Object[t.order() + 1];
            for (int n = 0, rest = off; n < t.order(); n++) {
                vals[n] = rest % dims[n];
                rest /= dims[n];
            }
            vals[t.order()] = t.data()[off];
            rows.add(RowFactory.create(vals));
        }
        spark.createDataFrame(rows, schema).coalesce(2).write().parquet(dir.toString());
        return dir;
    }
}
