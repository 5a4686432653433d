package io.polymoments.family;

import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.fit.FitSource;
import io.polymoments.fit.FitSpec;
import io.polymoments.fit.Fitting;
import io.polymoments.fit.LowRankFitting;
import io.polymoments.metrics.EvaluatedModel;
import io.polymoments.metrics.HeldOutEvaluation;
import io.polymoments.metrics.SymmetryAlignment;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.model.LowRankTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.output.OutputSet;
import io.polymoments.store.LowRankTruth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Low-rank two-layer polynomial networks y = W σ(A x) + c, x ~ N(0, I_r) (docs/lowrank.md). */
public final class LowRankFamily implements ModelFamily {
    public static final LowRankFamily INSTANCE = new LowRankFamily();

    private LowRankFamily() {}

    @Override
    public String name() {
        return "lowrank";
    }

    @Override
    public String label() {
        return "low-rank";
    }

    @Override
    public void check(FitSpec spec, boolean fromSketch) {
        LowRankFitting.check(spec, fromSketch);
    }

    @Override
    public Fitting.Outcome fit(SparkSession spark, FitSpec spec, FitSource source, OutputSet outs) {
        return LowRankFitting.run(spark, spec, source, outs);
    }

    @Override
    public boolean holdsModel(SparkSession spark, String path) {
        return LowRankPushforwardModel.isLowRankModel(spark, path);
    }

    @Override
    public boolean describesTruth(String kind) {
        return name().equals(kind);
    }

    @Override
    public Model load(SparkSession spark, String path, String what) {
        JsonNode truth = TruthFiles.read(spark, path, what);
        if (truth != null) {
            return new Model(LowRankTruth.fromJson(truth, what + " " + path), path, null);
        }
        return new Model(null, path, Stored.load(path, what, LowRankPushforwardModel::load));
    }

    /**
     * A low-rank model or truth.
     *
     * @param truth  the truth's transform, null for a model directory
     * @param stored the model directory's model, null for a truth
     */
    public record Model(LowRankTransform truth, String source, LowRankPushforwardModel stored) implements FamilyModel {

        public LowRankTransform transform() {
            return stored != null ? stored.transformation() : truth;
        }

        @Override
        public ModelFamily family() {
            return INSTANCE;
        }

        @Override
        public int d() {
            return transform().outputDim();
        }

        /** The covariance W K Wᵀ has rank m: the data are whitened to the m hidden units. */
        @Override
        public int whitenedDimension() {
            return transform().hidden();
        }

        @Override
        public String lawSpec() {
            return "gaussian";
        }

        @Override
        public void checkLaw(String law, String option) {
            if (law != null) {
                throw new InvalidInputException(option + " applies to quadratic models only; the input of the"
                        + " low-rank model " + source + " is standard Gaussian");
            }
        }

        @Override
        public EvaluatedModel evaluated(RadialLaw law) {
            return EvaluatedModel.lowRank(transform());
        }

        @Override
        public long parameterCount() {
            return transform().parameterCount();
        }

        @Override
        public Map<String, Object> shape() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("r", transform().latentDim());
            s.put("hidden", transform().hidden());
            s.put("degree", transform().degree());
            return s;
        }

        @Override
        public Comparison compare(HeldOutEvaluation.Report report, RadialLaw law, FamilyModel truth) {
            LowRankTransform model = transform();
            LowRankTransform t = ((Model) truth).transform();
            List<String> notes = new ArrayList<>(report.notes());
            if (t.hidden() != model.hidden() || t.degree() != model.degree()) {
                notes.add("the truth has m = " + t.hidden() + " units of degree " + t.degree() + " but the model m = "
                        + model.hidden() + ", degree " + model.degree() + ": no parameter error");
                return new Comparison(HeldOutEvaluation.withTruth(report, null, null, null, notes), null);
            }
            SymmetryAlignment.AlignmentError ae = SymmetryAlignment.align(t, model);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("parameterError", ae.errW());
            j.put("errW", ae.errW());
            j.put("errGram", ae.errGram());
            j.put("errS", ae.errS());
            j.put("permutation", ae.permutation());
            j.put("symmetries", "rotation of x, permutation and signs of units, per-unit scale");
            return new Comparison(HeldOutEvaluation.withTruth(report, ae.errW(), null, null, notes), j);
        }

        @Override
        public Dataset<Row> sample(SparkSession spark, long n, long seed, String law) {
            checkLaw(law, "--input-law");
            return (stored != null ? stored : LowRankPushforwardModel.of(truth)).sample(spark, n, seed);
        }

        @Override
        public Map<String, Object> truthJson(long seed, String law) {
            return LowRankTruth.toJson(transform(), seed);
        }

        @Override
        public String describe() {
            LowRankTransform t = transform();
            return String.format(Locale.ROOT, "d = %d (low-rank, m = %d, r = %d)", t.outputDim(), t.hidden(),
                    t.latentDim());
        }

        /**
         * kind "lowrank", d, m, r, degree, activationMode, W (d×m), units (m×r, rows a_l = α_l u_l), norms α_l,
         * activation (m×(ω+1) Hermite coefficients), c (d), gram (ρ = UUᵀ), n used, the settings it was fitted with
         * and the fit diagnostics.
         */
        @Override
        public Map<String, Object> exportJson() {
            Map<String, Object> m = LowRankTruth.parameters(transform());
            m.put("nUsed", stored == null ? 0L : stored.nUsed());
            m.put("params", stored == null ? Map.of() : stored.settings());
            m.put("diagnostics", diagnostics());
            return m;
        }

        @Override
        public Map<String, Object> diagnostics() {
            return stored == null ? Map.of() : stored.diagnostics();
        }
    }
}
