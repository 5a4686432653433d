package io.polymoments.cli;

import picocli.CommandLine.IVersionProvider;

/** Version line: ours, and the Spark it runs on. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String ours = Version.class.getPackage().getImplementationVersion();
        return new String[] {"polymoments " + (ours == null ? "dev" : ours) + " on Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
    }
}
