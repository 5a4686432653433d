package io.polymoments.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.polymoments.datasets.SampleSet;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.csv.CSVFileFormat;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says where an invalid row is in the user's files. A pass only knows a row's place in its Spark partition, and a
 * partition is a split: part of a large file, or several small files. On the error path (and once for the first
 * skipped row) a second query over the same input walks that partition to that row again, with Spark's hidden
 * {@code _metadata} column: the file, the split's byte offset, and for Parquet the row's index in the file. CSV and
 * ORC have no row index; their row in the file is the rows of the earlier splits of that file plus the row in this
 * one, which is exact unless a row filter dropped rows, and then it is said so.
 */
final class BadRowLocator {
    private static final Logger LOG = LoggerFactory.getLogger(BadRowLocator.class);
    /** An invalid row as a pass saw it: the 0-based row within a Spark partition, and what is wrong with it. */
    record BadRow(int partition, long rowInPartition, String reason) implements Serializable {}

    /** The row found again: its file, the byte offset of its split, its row in the split and, for Parquet, in the file. */
    private record Found(String file, long splitStart, long rowInSplit, long rowInFile, String reason)
            implements Serializable {}

    private BadRowLocator() {}

    /** "row 187,655 of file F (counting from 1): reason", or as close to it as Spark can know. */
    static String describe(SampleSet samples, BadRow bad, RowDecoder decoder) {
        String inPartition = "row " + count(bad.rowInPartition() + 1) + " of Spark partition " + bad.partition()
                + " (counting from 1; ";
        Dataset<Row> withFiles;
        boolean parquet;
        try {
            StructType meta = (StructType) samples.frame().select(col("_metadata")).schema().fields()[0].dataType();
            parquet = List.of(meta.fieldNames()).contains("row_index");
            withFiles = samples.frame().select(col(SampleSet.COLUMN), col("_metadata.file_path"),
                    col("_metadata.file_block_start"), parquet ? col("_metadata.row_index") : lit(-1L));
        } catch (Exception e) { // AnalysisException: no _metadata, the rows were not read from files
            return inPartition + "the rows were not read from files): " + bad.reason();
        }
        try {
            String inFile = inFile(samples, withFiles, parquet, bad, decoder);
            if (inFile != null) {
                return inFile;
            }
        } catch (Exception e) { // e.g. a file vanished since the pass: the partition's row number is still true
            LOG.warn("cannot find the invalid row again", e);
        }
        return inPartition + "reading the input again did not find that row, so Spark cannot name its file): "
                + bad.reason();
    }

    /** The row's file and row in it, with its reason; null when the row found again is not invalid. */
    private static String inFile(SampleSet samples, Dataset<Row> withFiles, boolean parquet, BadRow bad,
                                 RowDecoder decoder) {
        Found found = find(withFiles, bad, decoder, samples.dim());
        if (found == null) {
            return null;
        }
        String file = readable(found.file());
        if (parquet) {
            return "row " + count(found.rowInFile() + 1) + " of file " + file + " (counting from 1): " + found.reason();
        }
        long before = found.splitStart() == 0 ? 0 : withFiles.where(col("file_path").equalTo(found.file())
                .and(col("file_block_start").lt(found.splitStart()))).count();
        long row = before + found.rowInSplit() + 1;
        LogicalPlan plan = samples.frame().queryExecution().analyzed();
        if (plan.exists(p -> p instanceof Filter)) {
            return "row " + count(row) + " of the rows of file " + file + " that --where keeps (counting from 1;"
                    + " Spark does not number the rows of CSV or ORC files that a filter skips): " + found.reason();
        }
        return (isCsv(plan) ? "data row " + count(row) + " of file " + file + " (counting from 1 after the header line)"
                : "row " + count(row) + " of file " + file + " (counting from 1)") + ": " + found.reason();
    }

    /** Walks the bad row's partition to it again; null when the row there is not invalid (the input changed). */
    private static Found find(Dataset<Row> withFiles, BadRow bad, RowDecoder decoder, int d) {
        int partition = bad.partition();
        long target = bad.rowInPartition();
        List<Found> hits = withFiles.queryExecution().toRdd().toJavaRDD().mapPartitionsWithIndex(
                (Integer idx, Iterator<InternalRow> it) -> idx != partition ? Collections.<Found>emptyIterator()
                        : walk(it, target, decoder, d), false).collect();
        return hits.isEmpty() ? null : hits.get(0);
    }

    private static Iterator<Found> walk(Iterator<InternalRow> it, long target, RowDecoder decoder, int d) {
        double[] values = new double[d];
        String file = null;
        long splitStart = -1;
        long rowInSplit = 0;
        for (long i = 0; it.hasNext(); i++) {
            InternalRow r = it.next();
            String f = r.getUTF8String(1).toString();
            long start = r.getLong(2);
            if (!f.equals(file) || start != splitStart) {
                file = f;
                splitStart = start;
                rowInSplit = 0;
            }
            if (i == target) {
                String reason = decoder.decode(r, values);
                return reason == null ? Collections.emptyIterator()
                        : List.of(new Found(f, start, rowInSplit, r.getLong(3), reason)).iterator();
            }
            rowInSplit++;
        }
        return Collections.emptyIterator();
    }

    private static boolean isCsv(LogicalPlan plan) {
        return plan.exists(p -> p instanceof LogicalRelation lr && lr.relation() instanceof HadoopFsRelation fs
                && fs.fileFormat() instanceof CSVFileFormat);
    }

    /** Spark's file_path is a URI (spaces as %20); a Hadoop path reads as the user wrote it. */
    private static String readable(String uri) {
        try {
            return new Path(new URI(uri)).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return uri;
        }
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
