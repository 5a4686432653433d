package io.polymoments.learn;

/**
 * How the caller spells the settings a message tells the user to change: the command line's flags or the Spark ML
 * estimator's params. The learners' messages stay the same whichever interface runs them.
 *
 * @param rank       how to give the number of latent variables r
 * @param modelClass how to give the model class
 * @param columns    how to fit fewer columns
 */
public record SettingNames(String rank, String modelClass, String columns) {
    /** The Spark ML estimator's params (the default of the library). */
    public static final SettingNames SPARK_ML = new SettingNames("rank=<r>", "affine=<true|false>",
            "a shorter input vector");
    /** The flags of 'polymoments fit'. */
    public static final SettingNames COMMAND_LINE = new SettingNames("--rank R", "--model-class homogeneous|affine",
            "--columns");
}
