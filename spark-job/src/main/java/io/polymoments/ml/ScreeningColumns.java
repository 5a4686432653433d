package io.polymoments.ml;

import io.polymoments.linalg.SymmetricEigen;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/**
 * The two per-row outlier-screening columns a pushforward model appends in {@code transform}, from the model's mean
 * μ and covariance Σ = VΛVᵀ alone: {@value #WHITENED_NORM2} = ‖Λ^{-1/2}Vᵀ(y − μ)‖² on the support of Σ (mean = its
 * rank under the model) and {@value #OFF_SUPPORT_NORM2} = squared distance of y − μ from that support (0 for rows the
 * model can produce). Same definitions as {@link QuadraticPushforwardModel}'s columns. Null or wrong-length rows give
 * nulls.
 */
final class ScreeningColumns {
    static final String WHITENED_NORM2 = "whitenedNorm2";
    static final String OFF_SUPPORT_NORM2 = "offSupportNorm2";

    private ScreeningColumns() {}

    static StructType schema(StructType schema, String owner) {
        for (String c : new String[]{WHITENED_NORM2, OFF_SUPPORT_NORM2}) {
            if (Arrays.asList(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException(owner + ": output column '" + c
                        + "' already exists; rename or drop it first");
            }
        }
        return schema.add(WHITENED_NORM2, DataTypes.DoubleType, true).add(OFF_SUPPORT_NORM2, DataTypes.DoubleType,
                true);
    }

    static Dataset<Row> append(Dataset<?> dataset, String in, double[] mu, double[] cov) {
        int d = mu.length;
        SymmetricEigen eig = SymmetricEigen.of(cov, d);
        double[] lam = eig.values();
        int k = 0;   // numerical rank: eigenvalues are descending
        while (k < d && lam[k] > 1e-10 * Math.max(lam[0], Double.MIN_NORMAL)) {
            k++;
        }
        double[] w = new double[d * k];   // column j = v_j / √λ_j
        double[] v = new double[d * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                v[i + j * d] = eig.vectors()[i + j * d];
                w[i + j * d] = v[i + j * d] / Math.sqrt(lam[j]);
            }
        }
        final int kk = k;
        UDF1<scala.collection.Seq<Object>, double[]> f = ys -> {
            if (ys == null || ys.length() != d) {
                return null;
            }
            double[] y = new double[d];
            double total = 0;
            for (int i = 0; i < d; i++) {
                Object o = ys.apply(i);
                if (o == null) {
                    return null;
                }
                y[i] = ((Number) o).doubleValue() - mu[i];
                total += y[i] * y[i];
            }
            double white = 0;
            double onSupport = 0;
            for (int j = 0; j < kk; j++) {
                double s = 0;
                double t = 0;
                for (int i = 0; i < d; i++) {
                    s += w[i + j * d] * y[i];
                    t += v[i + j * d] * y[i];
                }
                white += s * s;
                onSupport += t * t;
            }
            return new double[]{white, Math.max(0, total - onSupport)};
        };
        UserDefinedFunction udf = functions.udf(f, DataTypes.createArrayType(DataTypes.DoubleType, false));
        Column arr = dataset.schema().apply(in).dataType() instanceof VectorUDT
                ? org.apache.spark.ml.functions.vector_to_array(functions.col(in), "float64")
                : functions.col(in).cast(DataTypes.createArrayType(DataTypes.DoubleType, true));
        String tmp = "__polymoments_norms";
        return dataset.withColumn(tmp, udf.apply(arr))
                .withColumn(WHITENED_NORM2, functions.col(tmp).getItem(0))
                .withColumn(OFF_SUPPORT_NORM2, functions.col(tmp).getItem(1))
                .drop(tmp);
    }
}
