package io.polymoments.ml;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;

/** The estimators' and models' input column: array of numbers or an ML Vector, checked as MLlib's PCA checks it. */
final class InputColumn {
    private InputColumn() {}

    /** Checks the column exists and holds vectors; {@code owner} names the class in the messages. */
    static void check(StructType schema, String name, String owner) {
        StructField field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(owner + ": input column '" + name
                        + "' does not exist; the schema has " + Arrays.toString(schema.fieldNames())
                        + ". Set inputCol to the column of the samples."));
        DataType t = field.dataType();
        boolean ok = t instanceof VectorUDT || (t instanceof ArrayType at && at.elementType() instanceof NumericType);
        if (!ok) {
            throw new IllegalArgumentException(owner + ": input column '" + name + "' has type "
                    + t.simpleString() + "; expected array<double> or an ML Vector");
        }
    }

    /** The column as the passes' sample set; d from the first non-null row. */
    static SampleSet samples(Dataset<?> dataset, String name, String owner) {
        boolean vector = dataset.schema().apply(name).dataType() instanceof VectorUDT;
        Column y = vector ? functions.col(name)
                : functions.col(name).cast(DataTypes.createArrayType(DataTypes.DoubleType, true));
        Dataset<Row> frame = dataset.select(y.as(SampleSet.COLUMN));
        Column size = vector ? functions.size(org.apache.spark.ml.functions.vector_to_array(functions.col(SampleSet.COLUMN), "float64"))
                : functions.size(functions.col(SampleSet.COLUMN));
        List<Row> first = frame.where(functions.col(SampleSet.COLUMN).isNotNull()).select(size).limit(1)
                .collectAsList();
        if (first.isEmpty() || first.get(0).getInt(0) < 1) {
            throw new InvalidInputException(owner + ": column '" + name + "' has no non-empty rows;"
                    + " nothing to learn from");
        }
        return new SampleSet(frame, first.get(0).getInt(0), vector, "column '" + name + "'");
    }
}
