package io.polymoments.family;

import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.fit.FitSource;
import io.polymoments.fit.FitSpec;
import io.polymoments.fit.Fitting;
import io.polymoments.fit.QuadraticFitting;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.metrics.EvaluatedModel;
import io.polymoments.metrics.HeldOutEvaluation;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.output.OutputSet;
import io.polymoments.store.QuadraticTruth;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Quadratic pushforwards y = (xᵀQ_i x + b_iᵀx + c_i)_i of a Gaussian or rotation-invariant x (docs/quadratic.md), plus
 * additive Gaussian output noise where the model has it (docs/noise.md).
 */
public final class QuadraticFamily implements ModelFamily {
    public static final QuadraticFamily INSTANCE = new QuadraticFamily();

    private QuadraticFamily() {}

    @Override
    public String name() {
        return "quadratic";
    }

    @Override
    public String label() {
        return "quadratic";
    }

    @Override
    public void check(FitSpec spec, boolean fromSketch) {
        QuadraticFitting.settings(spec);
    }

    @Override
    public Fitting.Outcome fit(SparkSession spark, FitSpec spec, FitSource source, OutputSet outs) {
        return QuadraticFitting.run(spark, spec, source, outs);
    }

    @Override
    public boolean holdsModel(SparkSession spark, String path) {
        return QuadraticPushforwardModel.isQuadraticModel(spark, path);
    }

    /** Every truth kind but the other families' (a hard instance is read here and refused with its reason). */
    @Override
    public boolean describesTruth(String kind) {
        return !LowRankFamily.INSTANCE.describesTruth(kind);
    }

    @Override
    public Model load(SparkSession spark, String path, String what) {
        JsonNode truth = TruthFiles.read(spark, path, what);
        if (truth != null) {
            QuadraticTruth t = QuadraticTruth.fromJson(truth, path);
            return new Model(t.model(), truth.path("kind").asText("quadratic"), t.lawSpec(), t.noise(), path, null);
        }
        QuadraticPushforwardModel m = Stored.load(path, what, QuadraticPushforwardModel::load);
        String law = "gaussian";
        if (m.modelClass() == ModelClass.ROTATION_INVARIANT) {
            law = RadialLaw.matchingSpec(number(m.diagnostics().get("alpha2")), number(m.diagnostics().get("alpha3")),
                    m.r());
        }
        return new Model(m.transformation(), label(m.modelClass()), law, m.noise(), path, m);
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The model class as reports and truths spell it: homogeneous, affine, rotation-invariant. */
    static String label(ModelClass c) {
        return c.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * A quadratic model or truth: y = p(x) + ε.
     *
     * @param transform the noise-free map p
     * @param kind      the model class (or the generated kind of a truth)
     * @param lawSpec   the input law, null when a rotation-invariant fit's radial law matches no simple law
     * @param noise     the additive output noise ε ~ N(0, Ψ)
     * @param stored    the model directory's model, null for a truth
     */
    public record Model(QuadraticTransform transform, String kind, String lawSpec, AdditiveNoise noise, String source,
                 QuadraticPushforwardModel stored) implements FamilyModel {

        @Override
        public ModelFamily family() {
            return INSTANCE;
        }

        @Override
        public int d() {
            return transform.d();
        }

        /** tri(r), plus r with a linear part. */
        @Override
        public int whitenedDimension() {
            int r = transform.r();
            return r * (r + 1) / 2 + (transform.hasLinearPart() ? r : 0);
        }

        @Override
        public void checkLaw(String law, String option) {
            if (law == null && lawSpec == null) {
                throw new InvalidInputException("the model " + source + " was fitted with a rotation-invariant input"
                        + " whose radial law cannot be matched from its fitted alpha2/alpha3; pass the law with "
                        + option + " chi:NU or " + option + " mix:V1,V2:P1,P2");
            }
        }

        @Override
        public EvaluatedModel evaluated(RadialLaw law) {
            return EvaluatedModel.withNoise(EvaluatedModel.quadratic(transform, law), noise);
        }

        /** The map's, plus one noise variance (isotropic) or d (diagonal). */
        @Override
        public long parameterCount() {
            return transform.parameterCount() + switch (noise.kind()) {
                case NONE -> 0;
                case ISOTROPIC -> 1;
                case DIAGONAL -> noise.dim();
            };
        }

        @Override
        public Map<String, Object> shape() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("r", transform.r());
            return s;
        }

        @Override
        public Comparison compare(HeldOutEvaluation.Report report, RadialLaw law, FamilyModel truth) {
            Model t = (Model) truth;
            HeldOutEvaluation.Report r = HeldOutEvaluation.againstQuadraticTruth(report, transform, law, t.transform,
                    RadialLaw.parse(t.lawSpec));
            if (r.parameterError() == null) {
                return new Comparison(r, null);
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("parameterError", r.parameterError());
            j.put("couplingW2", r.couplingW2());
            j.put("couplingW2Relative", r.couplingW2Relative());
            return new Comparison(r, j);
        }

        @Override
        public Dataset<Row> sample(SparkSession spark, long n, long seed, String law) {
            QuadraticPushforwardModel m = stored != null ? stored : QuadraticPushforwardModel.of(transform,
                    transform.hasLinearPart() ? ModelClass.AFFINE : ModelClass.HOMOGENEOUS, noise);
            String use = law != null || stored != null ? law : lawSpec;   // a truth draws with its own law
            return use == null ? m.sample(spark, n, seed) : m.sample(spark, n, seed, use);
        }

        @Override
        public Map<String, Object> truthJson(long seed, String law) {
            Map<String, Object> t = QuadraticTruth.toJson(kind, transform, law == null ? "gaussian" : law, null, null,
                    seed);
            if (noise.kind() != AdditiveNoise.Kind.NONE) {
                t.put("noise", QuadraticTruth.noiseJson(noise));
            }
            return t;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "d = %d (r = %d, %s%s)", transform.d(), transform.r(), kind,
                    noise.kind() == AdditiveNoise.Kind.NONE ? "" : ", " + noise.kind().label() + " noise");
        }

        /**
         * d, r, Q (d×r×r nested lists), b (d×r; zeros for a homogeneous model), c (d), the noise (kind and the d
         * variances), the model class, n used and the stored fit diagnostics.
         */
        @Override
        public Map<String, Object> exportJson() {
            Map<String, Object> m = QuadraticTruth.parameters(kind, transform);
            m.put("noise", QuadraticTruth.noiseJson(noise));
            m.put("nUsed", stored == null ? 0L : stored.nUsed());
            m.put("diagnostics", diagnostics());
            return m;
        }

        @Override
        public Map<String, Object> diagnostics() {
            return stored == null ? Map.of() : stored.diagnostics();
        }
    }
}
