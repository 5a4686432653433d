package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import org.apache.spark.sql.SparkSession;

/** Model directories written by {@code fit}. */
final class ModelDirectories {
    private ModelDirectories() {}

    static LoadedModel load(SparkSession spark, String path, String what) {
        throw new InvalidInputException(what + " " + path + " is a directory, but reading fitted models is not"
                + " available in this build; give a truth JSON written by 'generate'");
    }
}
