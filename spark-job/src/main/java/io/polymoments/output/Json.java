package io.polymoments.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/** JSON output (Jackson, which Spark ships): pretty for files, one line for benchmark summaries. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private Json() {}

    public static String pretty(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String oneLine(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON document we write to a file: pretty, with our producer mark as its first key. */
    public static String document(Map<String, ?> value) {
        return pretty(Producer.stamp(value));
    }

    /** Nested lists of a column-major rows×cols matrix, row by row. */
    public static double[][] rows(double[] columnMajor, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = columnMajor[i + j * rows];
            }
        }
        return out;
    }

    /** Nested lists of a dense row-major d×d×d tensor. */
    public static double[][][] cube(double[] t, int d) {
        double[][][] out = new double[d][d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                System.arraycopy(t, (i * d + j) * d, out[i][j], 0, d);
            }
        }
        return out;
    }

    /** Nested lists of a dense row-major d⁴ tensor. */
    public static double[][][][] quartic(double[] t, int d) {
        double[][][][] out = new double[d][d][d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    System.arraycopy(t, ((i * d + j) * d + k) * d, out[i][j][k], 0, d);
                }
            }
        }
        return out;
    }
}
