package io.polymoments.schedule;

import io.polymoments.fit.Fit;
import io.polymoments.fit.FitSpec;
import io.polymoments.spark.InvalidRowPolicy;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** A {@link DailyRun.Spec} with the defaults of {@code daily} (a quadratic refit), changed one setting at a time. */
final class Daily {
    private final String input;
    private final String state;
    private int windowDays = 30;
    private double driftThreshold = 0.5;
    private FitSpec fit = Fit.quadratic().spec();
    private Duration lockTimeout = Duration.ofMinutes(10);
    private Duration lockStaleAfter = Duration.ofMinutes(30);

    private Daily(String input, String state) {
        this.input = input;
        this.state = state;
    }

    /** Runs over the {@code dt=} partitions under {@code input}, keeping their state in {@code state}. */
    static Daily of(String input, String state) {
        return new Daily(input, state);
    }

    Daily window(int days) {
        windowDays = days;
        return this;
    }

    Daily driftThreshold(double v) {
        driftThreshold = v;
        return this;
    }

    Daily noFit() {
        fit = null;
        return this;
    }

    Daily lockTimeout(Duration v) {
        lockTimeout = v;
        return this;
    }

    Daily lockStaleAfter(Duration v) {
        lockStaleAfter = v;
        return this;
    }

    DailyRun.Spec spec(String day) {
        return new DailyRun.Spec(input, state, LocalDate.parse(day), windowDays, 3, "auto", 20, driftThreshold, "y",
                InvalidRowPolicy.FAIL, fit, null, lockTimeout, lockStaleAfter);
    }

    DailyRun.Outcome run(SparkSession spark, String day) {
        return DailyRun.run(spark, spec(day));
    }
}
