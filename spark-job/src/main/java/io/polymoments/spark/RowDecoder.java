package io.polymoments.spark;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * Decodes the sample column straight from Spark's internal rows (no boxing of doubles, which would dominate the cost
 * of pass 1) and validates each value. Column 0 holds {@code array<double>} or an ML Vector
 * (struct: type 0 sparse / 1 dense, size, indices, values).
 */
final class RowDecoder implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int dim;
    private final boolean vector;
    private final java.util.List<String> names;

    RowDecoder(int dim, boolean vector, java.util.List<String> names) {
        this.dim = dim;
        this.vector = vector;
        this.names = names == null ? null : java.util.List.copyOf(names);
    }

    private String name(int j) {
        return names == null ? "value " + j + " (counting from 0)" : "column '" + names.get(j) + "'";
    }

    /** Fills {@code out} with the row; returns null when valid, else why not (names the 0-based element). */
    String decode(InternalRow row, double[] out) {
        if (row.isNullAt(0)) {
            return "the row is null";
        }
        if (vector) {
            return decodeVector(row.getStruct(0, 4), out);
        }
        ArrayData a = row.getArray(0);
        int n = a.numElements();
        if (n != dim) {
            return "it has " + n + " values where the first row had " + dim + " (ragged rows)";
        }
        for (int j = 0; j < n; j++) {
            if (a.isNullAt(j)) {
                return name(j) + " is null or not a number";
            }
            double v = a.getDouble(j);
            if (!Double.isFinite(v)) {
                return name(j) + " is " + v;
            }
            out[j] = v;
        }
        return null;
    }

    private String decodeVector(InternalRow v, double[] out) {
        byte type = v.getByte(0);
        ArrayData values = v.getArray(3);
        if (type == 1) {
            int n = values.numElements();
            if (n != dim) {
                return "the vector has " + n + " values where the first row had " + dim + " (ragged rows)";
            }
            for (int j = 0; j < n; j++) {
                double x = values.getDouble(j);
                if (!Double.isFinite(x)) {
                    return name(j) + " is " + x;
                }
                out[j] = x;
            }
            return null;
        }
        int size = v.getInt(1);
        if (size != dim) {
            return "the sparse vector has size " + size + " where the first row had " + dim + " (ragged rows)";
        }
        java.util.Arrays.fill(out, 0, dim, 0.0);
        ArrayData idx = v.getArray(2);
        for (int t = 0; t < idx.numElements(); t++) {
            double x = values.getDouble(t);
            if (!Double.isFinite(x)) {
                return name(idx.getInt(t)) + " is " + x;
            }
            out[idx.getInt(t)] = x;
        }
        return null;
    }
}
