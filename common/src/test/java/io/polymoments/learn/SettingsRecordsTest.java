package io.polymoments.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.lowrank.LowRankSettings;
import io.polymoments.learn.quadratic.InputLaw;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.QuadraticSettings;
import io.polymoments.moments.AdditiveNoise;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each family's settings record: its saved paramMap round-trips, older saves read, bad values name the setting. */
class SettingsRecordsTest {

    @Test
    void quadraticSettingsRoundTripThroughTheirParamMap() {
        QuadraticSettings s = new QuadraticSettings(Count.of(3), ModelClass.AFFINE, InputLaw.GAUSSIAN, 9L, 200, 1e-12,
                AdditiveNoise.Kind.DIAGONAL);
        assertEquals(s, QuadraticSettings.fromParamMap(s.paramMap()));
        assertEquals(QuadraticSettings.defaults(), QuadraticSettings.fromParamMap(QuadraticSettings.defaults().paramMap()));
        // a version-1 save: the Spark params that were set, 0 for an automatic rank
        assertEquals(new QuadraticSettings(Count.AUTO, ModelClass.HOMOGENEOUS, InputLaw.GAUSSIAN, 4L, 5000, 1e-16,
                        AdditiveNoise.Kind.NONE),
                QuadraticSettings.fromParamMap(Map.of("rank", 0, "affine", false, "seed", 4, "inputCol", "y")));
        assertEquals(3, s.options().rank());
        assertEquals("affine", s.paramMap().get("modelClass"));
        assertEquals("auto", QuadraticSettings.defaults().paramMap().get("modelClass"));
    }

    /**
     * The noise model is chosen automatically unless asked for (the learner's null); it is saved by name, and a save
     * from before the noise model existed was fitted without one.
     */
    @Test
    void quadraticNoiseDefaultsToAutoAndOlderSavesReadAsNone() {
        assertEquals(null, QuadraticSettings.defaults().noise());
        assertEquals(null, QuadraticSettings.defaults().options().noise());
        assertEquals("auto", QuadraticSettings.defaults().paramMap().get("noise"));
        QuadraticSettings iso = new QuadraticSettings(Count.AUTO, null, InputLaw.GAUSSIAN, 0L, 5000, 1e-16,
                AdditiveNoise.Kind.ISOTROPIC);
        assertEquals("isotropic", iso.paramMap().get("noise"));
        assertEquals(AdditiveNoise.Kind.ISOTROPIC, iso.options().noise());
        assertEquals(iso, QuadraticSettings.fromParamMap(iso.paramMap()));
        assertEquals(AdditiveNoise.Kind.NONE, QuadraticSettings.fromParamMap(Map.of("rank", "auto")).noise());
        assertEquals(AdditiveNoise.Kind.NONE, QuadraticSettings.noiseKind("None"));
        assertEquals(null, QuadraticSettings.noiseKind("auto"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> QuadraticSettings.noiseKind("gaussian"));
        assertTrue(e.render(n -> "--" + n).startsWith("--noise takes auto, none, isotropic or diagonal, got"
                + " 'gaussian'"), e.getMessage());
    }

    @Test
    void lowRankSettingsRoundTripThroughTheirParamMap() {
        LowRankSettings s = new LowRankSettings(Count.of(4), Count.AUTO, 0.1, "known:0.5,1", null, 3, true, 2L);
        assertEquals(2, s.degree(), "the degree is resolved from the activation");
        assertEquals(s, LowRankSettings.fromParamMap(s.paramMap()));
        // a version-1 save: hidden as text, no holdout
        LowRankSettings v1 = LowRankSettings.fromParamMap(Map.of("hidden", "3", "rank", "auto", "degree", 2,
                "activation", "free", "restarts", 6, "strict", false, "seed", 0));
        assertEquals(Count.of(3), v1.hidden());
        assertEquals(null, v1.holdout());
        assertEquals(4, s.options(4, 2).hidden());
        assertEquals(2, s.options(4, 2).rank());
    }

    @Test
    void badValuesNameTheirSetting() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new LowRankSettings(Count.AUTO, Count.AUTO, 0.7, "free", null, 6, false, 0));
        assertTrue(e.render(n -> "--" + n).startsWith("--holdout takes 'auto', 0"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> new LowRankSettings(Count.AUTO, Count.AUTO, null, "free", null, 0, false, 0));
        assertTrue(e.getMessage().startsWith("restarts must be >= 1"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> new QuadraticSettings(Count.AUTO, null, InputLaw.GAUSSIAN, 0, 0, 1e-16, null));
        assertTrue(e.getMessage().startsWith("maxIter must be >= 1"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> new QuadraticSettings(Count.AUTO, ModelClass.AFFINE, InputLaw.ROTATION_INVARIANT, 0, 10, 0, null));
        assertTrue(e.render(n -> "--" + n).contains("--inputLaw"), e.getMessage());
    }
}
